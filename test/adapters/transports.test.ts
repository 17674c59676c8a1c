import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { createEmulatorRequestHandler } from '../../src/adapters/in-process/emulator-request-handler.ts';
import { interceptHttp2 } from '../../src/adapters/in-process/intercept-http2.ts';
import { bedrockHandlers } from '../../src/adapters/msw/bedrock-handlers.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/create-emulator.ts';
import { credentials, eventually, haiku, region } from '../support/emulator.ts';

/**
 * One behaviour suite over every way a test can reach the emulator: the same
 * fixtures and calls must give the same results over a real socket (HTTP/2
 * and HTTP/1.1), through msw, through the in-process HTTP/2 interceptor, and
 * through the SDK request handler.
 */
const options: EmulatorOptions = {
  fixtures: defineFixtures([
    { match: { lastUserMessage: 'text' }, response: { text: 'The same answer over every transport.' }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 } },
    { match: { lastUserMessage: 'tool' }, response: { content: [{ text: 'Checking.' }, { toolUse: { name: 'get_weather', input: { city: 'Paris' } } }] }, timing: 'instant' },
    { match: { lastUserMessage: 'throttle' }, response: { error: { type: 'ThrottlingException' } } },
    { match: { lastUserMessage: 'break' }, response: { text: 'one two three four five six', streamError: { type: 'modelStreamErrorException', afterChunks: 3, originalStatusCode: 503 } }, timing: 'instant' },
    { match: { lastUserMessage: 'long' }, response: { text: Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ') }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 40 } },
  ]),
};

type Harness = { emulator: Emulator; client: BedrockRuntimeClient; close(): Promise<void> | void };
type TransportCase = { name: string; open(): Promise<Harness> };

const sdk = (config: Partial<BedrockRuntimeClientConfig>) => new BedrockRuntimeClient({ region, credentials, maxAttempts: 1, ...config });

const transports: TransportCase[] = [
  {
    name: 'socket, HTTP/2 (AWS SDK default)',
    async open() {
      const server = await startEmulator(options);
      const client = sdk({ endpoint: server.url });
      return { emulator: server.emulator, client, close: async () => (client.destroy(), await server.close()) };
    },
  },
  {
    name: 'socket, HTTP/1.1 (NodeHttpHandler)',
    async open() {
      const server = await startEmulator(options);
      const client = sdk({ endpoint: server.url, requestHandler: new NodeHttpHandler() });
      return { emulator: server.emulator, client, close: async () => (client.destroy(), await server.close()) };
    },
  },
  {
    name: 'msw (NodeHttpHandler, real Bedrock host)',
    open() {
      const emulator = createEmulator(options);
      const mocks = setupServer(...bedrockHandlers(emulator));
      mocks.listen({ onUnhandledFrame: 'error' });
      const client = sdk({ requestHandler: new NodeHttpHandler() });
      return Promise.resolve({ emulator, client, close: () => (client.destroy(), mocks.close()) });
    },
  },
  {
    name: 'in process, HTTP/2 interceptor (AWS SDK default, real Bedrock host)',
    open() {
      const emulator = createEmulator(options);
      const restore = interceptHttp2(emulator);
      const client = sdk({});
      return Promise.resolve({ emulator, client, close: () => (client.destroy(), restore()) });
    },
  },
  {
    name: 'in process, SDK request handler',
    open() {
      const emulator = createEmulator(options);
      const client = sdk({ requestHandler: createEmulatorRequestHandler(emulator) });
      return Promise.resolve({ emulator, client, close: () => client.destroy() });
    },
  },
];

const body = (text: string) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 500, messages: [{ role: 'user', content: text }] });

describe.each(transports)('$name', (transport) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await transport.open();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('streams text', async () => {
    const response = await harness.client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: body('text') }));
    const events: { type: string; delta?: { text?: string } }[] = [];
    for await (const item of response.body ?? []) events.push(JSON.parse(new TextDecoder().decode(item.chunk?.bytes)) as { type: string });
    expect({ types: [...new Set(events.map((event) => event.type))], text: events.map((event) => event.delta?.text ?? '').join('') }).toMatchObject({ text: 'The same answer over every transport.' });
  });

  it('streams a tool call', async () => {
    const response = await harness.client.send(new ConverseStreamCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'tool' }] }] }));
    let input = '';
    let name: string | undefined;
    let stopReason: string | undefined;
    for await (const event of response.stream ?? []) {
      name ??= event.contentBlockStart?.start?.toolUse?.name;
      input += event.contentBlockDelta?.delta?.toolUse?.input ?? '';
      stopReason ??= event.messageStop?.stopReason;
    }
    expect({ name, input: JSON.parse(input) as unknown, stopReason }).toEqual({ name: 'get_weather', input: { city: 'Paris' }, stopReason: 'tool_use' });
  });

  it('raises a typed HTTP error', async () => {
    const error = (await harness.client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: body('throttle') })).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode?: number };
    };
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toMatchObject({ name: 'ThrottlingException', status: 429 });
  });

  it('raises a typed exception mid-stream', async () => {
    const chunks: string[] = [];
    const error = (await (async () => {
      const response = await harness.client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: body('break') }));
      for await (const item of response.body ?? []) chunks.push((JSON.parse(new TextDecoder().decode(item.chunk?.bytes)) as { type: string }).type);
    })().catch((e: unknown) => e)) as Error & { originalStatusCode?: number };
    expect({ chunks, name: error.name, originalStatusCode: error.originalStatusCode }).toEqual({ chunks: ['message_start', 'content_block_start', 'content_block_delta'], name: 'ModelStreamErrorException', originalStatusCode: 503 });
  });

  it('ends the stream when the client aborts', async () => {
    const abort = new AbortController();
    const response = await harness.client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: body('long') }), { abortSignal: abort.signal });
    const iterator = response.body?.[Symbol.asyncIterator]();
    await iterator?.next();
    abort.abort();
    await iterator?.return?.().catch(() => undefined);
    await eventually(() => expect(harness.emulator.stats().activeStreams).toBe(0));
    expect({ outcome: harness.emulator.calls().at(-1)?.outcome, active: harness.emulator.stats().activeStreams }).toEqual({ outcome: 'client-aborted', active: 0 });
  });
});
