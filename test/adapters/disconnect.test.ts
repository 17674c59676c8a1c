import http from 'node:http';
import http2 from 'node:http2';
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/playback/manual-clock.ts';
import { createCountingClock } from '../support/counting-clock.ts';
import { claudeBody, credentials, eventually, haiku, region, useEmulator } from '../support/emulator.ts';

// A stream that would take ~20 s: long enough that only a disconnect can end it.
const longFixture = {
  match: { lastUserMessage: 'long' },
  response: { text: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ') },
  timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 50, chunking: { by: 'words', min: 1, max: 1 } },
};
// The real clock, counting its pending timers, so the test sees the emulator's own.
const clock = createCountingClock();
const server = await useEmulator([longFixture], { clock });

/** A plain HTTP/1.1 request on its own connection (no pool that opens spare sockets). */
async function startHttp1(operation: string, url = server.url): Promise<{ response: http.IncomingMessage; destroy(): void }> {
  const request = http.request(`${url}/model/${haiku}${operation}`, { method: 'POST', agent: false });
  request.on('error', () => undefined);
  request.end(claudeBody('long'));
  const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
  return { response, destroy: () => request.destroy() };
}

const timers = (): number => clock.pending();

describe('a client that disconnects mid-stream', () => {
  it('ends its stream and frees its timer and socket at once, not at its next delta (HTTP/1.1)', async () => {
    // On a clock that only the test moves, the stream's next delta never comes due:
    // if the stream ends, the disconnect ended it, whatever the load on the machine.
    const manual = createManualClock();
    const stopped = await useEmulator([longFixture], { clock: manual });
    const request = await startHttp1('/invoke-with-response-stream', stopped.url);
    const firstData = new Promise((resolve) => request.response.once('data', resolve));
    await manual.advance(10);
    await firstData;
    expect(stopped.emulator.stats().activeStreams).toBe(1);
    expect(manual.pendingSleeps()).toBe(1); // the wait for the next delta
    request.destroy();
    await eventually(() => {
      expect(stopped.emulator.stats()).toMatchObject({ activeStreams: 0, cancelledStreams: 1 });
      expect(manual.pendingSleeps()).toBe(0);
      expect(stopped.openConnections()).toBe(0);
    });
    expect(manual.now()).toBe(10);
  });

  it('ends its stream when the AWS SDK aborts an HTTP/2 request (RST_STREAM)', async () => {
    const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
    afterAll(() => client.destroy());
    const before = server.emulator.stats();
    const abort = new AbortController();
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: claudeBody('long') }), { abortSignal: abort.signal });
    const iterator = response.body?.[Symbol.asyncIterator]();
    await iterator?.next();
    expect(server.emulator.stats().activeStreams).toBe(before.activeStreams + 1);
    abort.abort();
    await iterator?.return?.();
    await eventually(() => {
      expect(server.emulator.stats()).toMatchObject({ activeStreams: before.activeStreams, cancelledStreams: before.cancelledStreams + 1 });
    });
  });

  it('ends its stream when an HTTP/2 session is destroyed', async () => {
    const before = server.emulator.stats();
    const session = http2.connect(server.url);
    const request = session.request({ ':method': 'POST', ':path': `/model/${haiku}/invoke-with-response-stream` });
    request.end(claudeBody('long'));
    await new Promise((resolve) => request.once('data', resolve));
    expect(server.emulator.stats().activeStreams).toBe(before.activeStreams + 1);
    session.destroy();
    await eventually(() => expect(server.emulator.stats().activeStreams).toBe(before.activeStreams));
  });

  it('frees the wait of a non-streaming InvokeModel whose client left', async () => {
    const before = { timers: timers(), sockets: server.openConnections() };
    const request = http.request(`${server.url}/model/${haiku}/invoke`, { method: 'POST', agent: false });
    request.on('error', () => undefined);
    request.end(claudeBody('long'));
    await eventually(() => expect(timers()).toBeGreaterThan(before.timers));
    request.destroy();
    await eventually(() => {
      expect(timers()).toBeLessThanOrEqual(before.timers);
      expect(server.openConnections()).toBeLessThanOrEqual(before.sockets);
    });
  });
});

describe('a client that leaves a non-streaming call', () => {
  it('is recorded as client-aborted, over HTTP/1.1 and HTTP/2, not left pending', async () => {
    const slow = await useEmulator([{ name: 'slow', response: { text: 'late' }, timing: { timeToFirstTokenMs: 5000 } }]);
    const converse = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    for (const path of ['invoke', 'converse']) {
      const abort = new AbortController();
      const leaving = fetch(`${slow.url}/model/${haiku}/${path}`, { method: 'POST', body: path === 'converse' ? converse : claudeBody('hi'), signal: abort.signal }).catch(() => 'left');
      setTimeout(() => abort.abort(), 50);
      await leaving;
    }
    const session = http2.connect(slow.url);
    const stream = session.request({ ':method': 'POST', ':path': `/model/${haiku}/invoke` });
    stream.on('error', () => undefined);
    stream.end(claudeBody('hi'));
    setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), 50);
    await eventually(() => expect(slow.emulator.calls().map((call) => call.outcome)).toEqual(['client-aborted', 'client-aborted', 'client-aborted']), 3000);
    session.close();
  });
});
