import http from 'node:http';
import http2 from 'node:http2';
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createCountingClock } from './support/counting-clock.ts';
import { claudeBody, credentials, eventually, haiku, region, useEmulator } from './support/emulator.ts';

// The real clock, counting its pending timers, so the test sees the emulator's own.
const clock = createCountingClock();
// A stream that would take ~20 s: long enough that only a disconnect can end it.
const server = await useEmulator(
  [
    {
      match: { lastUserMessage: 'long' },
      response: { text: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ') },
      timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 50, chunking: { by: 'words', min: 1, max: 1 } },
    },
  ],
  { clock },
);

/** A plain HTTP/1.1 request on its own connection (no pool that opens spare sockets). */
async function startHttp1(operation: string): Promise<{ response: http.IncomingMessage; destroy(): void }> {
  const request = http.request(`${server.url}/model/${haiku}${operation}`, { method: 'POST', agent: false });
  request.on('error', () => undefined);
  request.end(claudeBody('long'));
  const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
  return { response, destroy: () => request.destroy() };
}

const timers = (): number => clock.pending();

describe('a client that disconnects mid-stream', () => {
  it('ends its stream and frees its timer and socket at once (HTTP/1.1)', async () => {
    const before = { stats: server.emulator.stats(), timers: timers(), sockets: server.openConnections() };
    const request = await startHttp1('/invoke-with-response-stream');
    await new Promise((resolve) => request.response.once('data', resolve));
    expect(server.emulator.stats().activeStreams).toBe(before.stats.activeStreams + 1);
    expect(timers()).toBeGreaterThan(before.timers);
    const abortedAt = performance.now();
    request.destroy();
    await eventually(() => {
      expect(server.emulator.stats()).toMatchObject({ activeStreams: before.stats.activeStreams, cancelledStreams: before.stats.cancelledStreams + 1 });
      expect(timers()).toBeLessThanOrEqual(before.timers);
      expect(server.openConnections()).toBeLessThanOrEqual(before.sockets);
    });
    // "At once": well before the next 50 ms delta would have been due.
    expect(performance.now() - abortedAt).toBeLessThan(50);
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
