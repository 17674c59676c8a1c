import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startLambdaHost, type RunningLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { eventually } from '../support/emulator.ts';

/**
 * End to end, offline: fetch → Function URL → the shipped chat-stream
 * function → AWS SDK → bedrock-emulator, with the function in process and
 * under the real runtime interface client.
 */
const story = 'Once upon a time a small fox carried a lantern through the snow, and every step it took lit the path for the ones who came after.';
const timeToFirstTokenMs = 150;
/** How much later than Bedrock's first token left the emulator the first byte may reach the client: the stated margin. */
const firstByteMarginMs = 250;

const emulator = await startEmulator({
  fixtures: defineFixtures([
    { name: 'story', match: { lastUserMessage: 'story' }, response: { text: story }, timing: { timeToFirstTokenMs, deltaIntervalMs: 15, chunking: { by: 'words', min: 1, max: 2 } } },
    { name: 'break', match: { lastUserMessage: 'break' }, response: { text: 'It starts well and then', streamError: { type: 'modelStreamErrorException', afterChunks: 5 } }, timing: 'fast' },
    { name: 'invalid', match: { lastUserMessage: 'invalid' }, response: { error: { type: 'ValidationException', message: 'Input is too long for requested model.' } } },
    { name: 'model-timeout', match: { lastUserMessage: 'slow model' }, response: { error: { type: 'ModelTimeoutException' } } },
    { name: 'long', match: { lastUserMessage: 'long' }, response: { text: Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ') }, timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 40, chunking: { by: 'words', min: 1, max: 1 } } },
    { name: 'sleepy', match: { lastUserMessage: 'sleepy' }, response: { text: 'too late' }, timing: { timeToFirstTokenMs: 3000 } },
  ]),
});
// The function builds its AWS SDK client from the standard environment; in process it shares this one.
Object.assign(process.env, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
afterAll(() => emulator.close());

async function readTimed(response: Response, startedAt: number): Promise<{ text: string; times: number[] }> {
  const reader = response.body?.getReader();
  const times: number[] = [];
  let text = '';
  for (;;) {
    const chunk = await reader?.read();
    if (chunk === undefined || chunk.done) break;
    times.push(performance.now() - startedAt);
    text += new TextDecoder().decode(chunk.value as Uint8Array);
  }
  return { text, times };
}

describe.each(['in-process', 'runtime'] as const)('chat-stream function, %s mode', (mode) => {
  let host: RunningLambdaHost;
  const lines: string[] = [];
  beforeAll(async () => {
    host = await startLambdaHost({
      handler: 'src/functions/chat-stream/index.ts#handler',
      mode,
      timeoutSeconds: 2,
      environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url, MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' },
      onLog: (line) => lines.push(line),
    });
    // Warm the function's SDK client (a first call opens its connection).
    await (await chat({ prompt: 'story' })).text();
  }, 30_000);
  afterAll(() => host.close());

  const chat = (body: unknown, init: RequestInit = {}): Promise<Response> => fetch(host.url, { method: 'POST', body: JSON.stringify(body), ...init });

  it('streams the tokens as they arrive: first byte near the first token, the text exactly the fixture\'s', async () => {
    const before = emulator.emulator.calls().length;
    const startedAt = performance.now();
    const startedAtWall = Date.now();
    const response = await chat({ prompt: 'Tell me a story' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const { text, times } = await readTimed(response, startedAt);
    expect(text).toBe(story);
    expect(times.length).toBeGreaterThan(5);
    expect(times[0]).toBeGreaterThanOrEqual(timeToFirstTokenMs - 5);
    // The host passes the first token on as it comes: measured from when the emulator sent it, so the
    // margin is the function's and the host's own, not the machine's (another suite may be running).
    const bedrockCall = emulator.emulator.calls().slice(before).find((call) => call.fixture?.name === 'story');
    expect(bedrockCall?.firstByteMs).toBeGreaterThanOrEqual(timeToFirstTokenMs - 1);
    const bedrockFirstTokenWall = Date.parse(bedrockCall?.at ?? '') + (bedrockCall?.firstByteMs ?? 0);
    expect(startedAtWall + (times[0] ?? 0) - bedrockFirstTokenWall).toBeLessThanOrEqual(firstByteMarginMs);
    // Progressive, not buffered: the last piece arrives well after the first.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(150);
  });

  it('streams server-sent events when the client asks for them', async () => {
    const response = await chat({ messages: [{ role: 'user', content: 'Tell me a story' }] }, { headers: { accept: 'text/event-stream' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text()).trim().split('\n\n').map((block) => {
      const [event = '', data = ''] = block.split('\n');
      return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) as Record<string, unknown> };
    });
    expect(events.filter((event) => event.event === 'delta').map((event) => event.data['text']).join('')).toBe(story);
    expect(events.at(-1)).toEqual({ event: 'done', data: { stopReason: 'end_turn', usage: expect.objectContaining({ output_tokens: expect.any(Number) }) } });
  });

  it('turns a Bedrock exception after the first token into an in-band error and a clean end', async () => {
    const text = await (await chat({ prompt: 'break' })).text();
    expect(text).toMatch(/^It starts well and then?/);
    expect(text.endsWith('\n[error] ModelStreamErrorException: Model stream error\n')).toBe(true);
    const sse = await (await chat({ prompt: 'break' }, { headers: { accept: 'text/event-stream' } })).text();
    expect(sse.endsWith('event: error\ndata: {"type":"ModelStreamErrorException","message":"Model stream error"}\n\n')).toBe(true);
  });

  it('turns a Bedrock error before the first token into an HTTP error with a useful status', async () => {
    const invalid = await chat({ prompt: 'invalid please' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: { type: 'ValidationException', message: 'Input is too long for requested model.' } });
    const slow = await chat({ prompt: 'slow model' });
    expect(slow.status).toBe(504);
    expect(((await slow.json()) as { error: { type: string } }).error.type).toBe('ModelTimeoutException');
  });

  it('refuses a bad request itself', async () => {
    const response = await fetch(host.url, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('BadRequest');
    expect((await fetch(host.url)).status).toBe(405);
  });

  it('aborts the Bedrock call when the client disconnects', async () => {
    const before = emulator.emulator.calls().length;
    const abort = new AbortController();
    const response = await chat({ prompt: 'a long answer please' }, { signal: abort.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    abort.abort();
    await eventually(() => {
      const call = emulator.emulator.calls().slice(before).find((record) => record.fixture?.name === 'long');
      expect(call?.outcome).toBe('client-aborted');
      expect(emulator.emulator.stats().activeStreams).toBe(0);
    }, 3000);
    const aborted = host.invocations().at(-1);
    expect(aborted?.outcome).toBe('client-aborted');
    // An ordinary event: one quiet line, no error, no crash of the runtime (its process lives on:
    // the next call does not start another), no failed post to the Runtime API.
    const started = lines.filter((line) => line.startsWith('Executing ')).length;
    expect(await (await chat({ prompt: 'Tell me a story' })).text()).toMatch(/^Once upon a time/);
    expect(lines.filter((line) => line.startsWith('Executing ')).length).toBe(started);
    expect(lines.filter((line) => line.includes(aborted?.requestId ?? '-') || /Invoke Error|Unhandled|Failed to post/.test(line))).toEqual([`${aborted?.requestId ?? ''} the client went away; the function's response stream was closed`]);
  });

  it('is cut off past its timeout', async () => {
    const response = await chat({ prompt: 'sleepy' });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ Message: 'Task timed out after 2.00 seconds' });
    expect(host.invocations().at(-1)?.outcome).toBe('timed-out');
  });

  it('streams the same bytes through InvokeWithResponseStream (@aws-sdk/client-lambda)', async () => {
    const viaUrl = await (await chat({ prompt: 'Tell me a story' })).text();
    const lambda = new LambdaClient({ endpoint: host.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    try {
      const event = { version: '2.0', rawPath: '/', headers: {}, requestContext: { http: { method: 'POST' } }, body: JSON.stringify({ prompt: 'Tell me a story' }), isBase64Encoded: false };
      const response = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: host.functionName, Payload: JSON.stringify(event) }));
      const chunks: Buffer[] = [];
      let complete: { ErrorCode?: string | undefined } | undefined;
      for await (const item of response.EventStream ?? []) {
        if (item.PayloadChunk?.Payload !== undefined) chunks.push(Buffer.from(item.PayloadChunk.Payload));
        if (item.InvokeComplete !== undefined) complete = item.InvokeComplete;
      }
      const bytes = Buffer.concat(chunks);
      const delimiter = bytes.indexOf(Buffer.alloc(8));
      expect(JSON.parse(bytes.subarray(0, delimiter).toString())).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      expect(bytes.subarray(delimiter + 8).toString()).toBe(viaUrl);
      expect(chunks.length).toBeGreaterThan(5);
      expect(complete?.ErrorCode).toBeUndefined();
    } finally {
      lambda.destroy();
    }
  });
});
