import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startWebSocketApi, type RunningWebSocketApiHost } from '../../src/aws-local/node/start-websocket-api.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../src/aws-local/stack/local-dynamodb.ts';
import { eventually } from '../support/emulator.ts';

/**
 * End to end, offline: a WebSocket client → the WebSocket API → the shipped
 * chat-websocket function → Bedrock (the emulator), with its stop flag in a
 * real local DynamoDB, the function in process and under the real runtime
 * interface client.
 */
const pieces = Array.from({ length: 60 }, (_, index) => `w${index} `);
const deltaIntervalMs = 40;
/** Stop must end the generation within this: the function's poll (100 ms) plus a read, a post and the abort. */
const stopBoundMs = 250;

const emulator = await startEmulator({
  fixtures: defineFixtures([
    { name: 'long', match: { lastUserMessage: 'long answer' }, response: { text: pieces }, timing: { timeToFirstTokenMs: 50, deltaIntervalMs } },
    { name: 'short', match: { lastUserMessage: 'short answer' }, response: { text: ['Hello', ' there', ',', ' friend', '!'] }, timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 60 } },
    { name: 'invalid', match: { lastUserMessage: 'invalid' }, response: { error: { type: 'ValidationException', message: 'Input is too long for requested model.' } } },
  ]),
});
const dynamodb: LocalDynamoDb = await startLocalDynamoDb({ tables: [{ name: 'generations', partitionKey: { name: 'connectionId', type: 'S' }, timeToLiveAttribute: 'expiresAt' }] });
afterAll(() => Promise.all([emulator.close(), dynamodb.close()]));

type Received = { readonly at: number; readonly message: { type: string; generationId?: string; text?: string; reason?: string; stopReason?: string; error?: { type: string; message: string } } };

/** A client that timestamps every message it receives. */
async function openClient(url: string) {
  const ws = new WebSocket(url);
  const received: Received[] = [];
  ws.on('message', (data: Buffer) => received.push({ at: performance.now(), message: JSON.parse(data.toString('utf8')) as Received['message'] }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const until = (predicate: (message: Received['message']) => boolean, timeoutMs = 5000): Promise<Received> =>
    eventually(() => expect(received.find((item) => predicate(item.message)), `received so far: ${received.map((item) => item.message.type).join(', ')}`).toBeDefined(), timeoutMs).then(() => received.find((item) => predicate(item.message)) as Received);
  return { ws, received, until, send: (message: unknown) => ws.send(JSON.stringify(message)) };
}

const lastCallTo = (fixtureName: string) => emulator.emulator.calls().filter((call) => call.fixture?.name === fixtureName).at(-1);

describe.each(['in-process', 'runtime'] as const)('chat-websocket function, %s mode', (mode) => {
  let api: RunningWebSocketApiHost;
  beforeAll(async () => {
    const handler = 'src/functions/chat-websocket/index.ts#handler';
    api = await startWebSocketApi({
      mode,
      timeoutSeconds: 30,
      onLog: () => undefined,
      environment: {
        MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        GENERATIONS_TABLE: 'generations',
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      },
      routes: ['$connect', '$disconnect', 'chat', 'stop', '$default'].map((routeKey) => ({ routeKey, handler, routeResponse: routeKey === '$default' })),
    });
  }, 30_000);
  afterAll(() => api.close());

  it('streams the answer as it is generated: tokens arrive over time, then done', async () => {
    const client = await openClient(api.url);
    client.send({ action: 'chat', prompt: 'short answer' });
    const done = await client.until((message) => message.type === 'done');
    const deltas = client.received.filter((item) => item.message.type === 'delta');
    expect(client.received[0]?.message.type).toBe('started');
    expect(deltas.map((item) => item.message.text).join('')).toBe('Hello there, friend!');
    // Planned 240 ms apart; progressive even if a loaded machine bunches the first ones.
    expect((deltas.at(-1)?.at ?? 0) - (deltas[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect(done.message.stopReason).toBe('end_turn');
    // Every message names the generation it belongs to.
    const generationId = client.received[0]?.message.generationId;
    expect(typeof generationId).toBe('string');
    expect(client.received.every((item) => item.message.generationId === generationId)).toBe(true);
    client.ws.close();
  });

  it(`stops within ${stopBoundMs} ms of a stop message: no token after "stopped", and the emulator sees the Bedrock stream cancelled`, async () => {
    const client = await openClient(api.url);
    // A stop is another invocation: while the chat holds one execution environment, it needs
    // a second. A first round warms it (runtime mode: its cold start is ~300 ms here), so the
    // round measured shows the function's own bound, as with warm environments on AWS.
    client.send({ action: 'chat', prompt: 'long answer' });
    await client.until((message) => message.type === 'delta');
    client.send({ action: 'stop' });
    await client.until((message) => message.type === 'stopped');
    client.received.length = 0;
    client.send({ action: 'chat', prompt: 'long answer' });
    await client.until((message) => message.type === 'delta' && message.text === 'w3 ');
    const stopSentAt = performance.now();
    client.send({ action: 'stop' });
    const stopped = await client.until((message) => message.type === 'stopped');
    const latency = stopped.at - stopSentAt;
    expect(stopped.message.reason).toBe('stop');
    expect(latency).toBeLessThan(stopBoundMs);
    const afterStop = client.received.filter((item) => item.at > stopped.at && item.message.type === 'delta');
    expect(afterStop).toEqual([]);
    expect(client.received.map((item) => item.message.type)).not.toContain('done');
    expect(client.received.filter((item) => item.message.type === 'delta').length).toBeLessThan(pieces.length / 2);
    await eventually(() => expect(lastCallTo('long')?.outcome).toBe('client-aborted'));
    console.log(`[chat-websocket ${mode}] stop → "stopped": ${latency.toFixed(0)} ms`);
    client.ws.close();
  });

  it('cancels the Bedrock stream when the client disconnects', async () => {
    const client = await openClient(api.url);
    client.send({ action: 'chat', prompt: 'long answer' });
    await client.until((message) => message.type === 'delta');
    const callsBefore = emulator.emulator.calls().length;
    client.ws.close();
    await eventually(() => {
      const call = lastCallTo('long');
      expect(call?.outcome).toBe('client-aborted');
      expect(call?.durationMs ?? Number.POSITIVE_INFINITY).toBeLessThan(pieces.length * deltaIntervalMs);
    }, 3000);
    expect(emulator.emulator.calls().length).toBe(callsBefore);
  });

  it('tells the client about a Bedrock error', async () => {
    const client = await openClient(api.url);
    client.send({ action: 'chat', prompt: 'invalid' });
    const error = await client.until((message) => message.type === 'error');
    expect(error.message.error).toEqual({ type: 'ValidationException', message: 'Input is too long for requested model.' });
    client.send({ action: 'chat' });
    const bad = await client.until((message) => message.type === 'error' && message.error?.type === 'BadRequest');
    expect(bad.message.error?.message).toBe('Give "prompt" (a string) or "messages" (a non-empty list).');
    client.ws.close();
  });
});
