import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeBody, credentials, haiku, region, useEmulator } from '../support/emulator.ts';

const story = 'Once upon a time, a small fox found a lantern in the snow. It glowed all night.';
const server = await useEmulator([
  { name: 'story', match: { lastUserMessage: 'story' }, response: { text: story, usage: { inputTokens: 12 } }, timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 2 } },
  { name: 'short', match: { lastUserMessage: { equals: 'ping' } }, response: { text: 'pong', stopReason: 'end_turn' }, timing: 'instant' },
]);

const decoder = new TextDecoder();

type Transport = { name: string; protocol: 'http1' | 'http2'; config: () => Partial<BedrockRuntimeClientConfig> };
const transports: Transport[] = [
  { name: 'default handler (HTTP/2, h2c prior knowledge)', protocol: 'http2', config: () => ({}) },
  { name: 'NodeHttpHandler (HTTP/1.1)', protocol: 'http1', config: () => ({ requestHandler: new NodeHttpHandler() }) },
];

describe.each(transports)('@aws-sdk/client-bedrock-runtime, $name', ({ protocol, config }) => {
  const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1, ...config() });
  afterAll(() => client.destroy());

  it('streams the fixture as message_start … message_stop chunks', async () => {
    const before = server.connectionCounts()[protocol];
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: claudeBody('Tell me a story'), contentType: 'application/json' }));
    expect(response.contentType).toBe('application/json');
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const events: Record<string, unknown>[] = [];
    for await (const item of response.body ?? []) {
      events.push(JSON.parse(decoder.decode(item.chunk?.bytes)) as Record<string, unknown>);
    }
    const types = events.map((event) => event['type']);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(2, -3).every((type) => type === 'content_block_delta')).toBe(true);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const text = events.flatMap((event) => (event['type'] === 'content_block_delta' ? [(event['delta'] as { text: string }).text] : [])).join('');
    expect(text).toBe(story);
    expect(events.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } });
    expect(events.at(-1)).toEqual({
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: 12, outputTokenCount: 20, invocationLatency: expect.any(Number), firstByteLatency: 20 },
    });
    expect(server.connectionCounts()[protocol]).toBeGreaterThan(before);
  });

  it('answers InvokeModel with the Messages body and the token-count headers', async () => {
    const response = await client.send(new InvokeModelCommand({ modelId: `us.${haiku}`, body: claudeBody('ping') }));
    expect(response.contentType).toBe('application/json');
    expect(JSON.parse(decoder.decode(response.body))).toEqual({
      id: expect.stringMatching(/^msg_bdrk_01/),
      type: 'message',
      role: 'assistant',
      model: 'claude-3-5-haiku-20241022',
      content: [{ type: 'text', text: 'pong' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      // 'ping' and Claude's template (docs/token-counts.md#claude).
      usage: { input_tokens: 8, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it('stops at a requested stop sequence and at max_tokens, with honest usage', async () => {
    const stopped = await client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('Tell me a story', { stop_sequences: ['lantern'] }) }));
    expect(JSON.parse(decoder.decode(stopped.body))).toMatchObject({
      content: [{ type: 'text', text: 'Once upon a time, a small fox found a ' }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'lantern',
      usage: { output_tokens: 11 },
    });
    const cut = await client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('Tell me a story', { max_tokens: 3 }) }));
    expect(JSON.parse(decoder.decode(cut.body))).toMatchObject({
      content: [{ type: 'text', text: 'Once upon a' }],
      stop_reason: 'max_tokens',
      usage: { output_tokens: 3 },
    });
  });

  it.each([
    ['a base model id', haiku],
    ['a cross-Region profile (us.)', `us.${haiku}`],
    ['a cross-Region profile (eu.)', `eu.${haiku}`],
    ['a global profile', `global.${haiku}`],
    ['a foundation-model ARN', `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`],
    ['an inference-profile ARN', `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${haiku}`],
  ])('accepts %s as the model id', async (_label, modelId) => {
    const response = await client.send(new InvokeModelCommand({ modelId, body: claudeBody('ping') }));
    expect((JSON.parse(decoder.decode(response.body)) as { content: unknown }).content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('raises the typed ValidationException for a bad body', async () => {
    const error: unknown = await client.send(new InvokeModelCommand({ modelId: haiku, body: JSON.stringify({ anthropic_version: 'x', messages: [] }) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toBe(
      'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.',
    );
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
  });
});

it('InvokeModel exposes the token-count and latency headers', async () => {
  const response = await fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('Tell me a story') });
  expect(response.headers.get('x-amzn-bedrock-input-token-count')).toBe('12');
  expect(response.headers.get('x-amzn-bedrock-output-token-count')).toBe('20');
  expect(Number(response.headers.get('x-amzn-bedrock-invocation-latency'))).toBeGreaterThanOrEqual(20);
  expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
});
