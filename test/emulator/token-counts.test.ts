import { BedrockRuntimeClient, ConverseCommand, CountTokensCommand, InvokeModelCommand, type ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { toolTokens } from '../../src/core/planning/estimate-tokens.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

/**
 * One count behind every figure (docs/token-counts.md): CountTokens, the
 * usage of Converse, InvokeModel, Anthropic's Messages, Chat Completions and
 * Responses, and the token quotas — with Claude's prompt template, images by
 * their size and documents by their text, through the real clients.
 */
const answer = { name: 'answer', match: { model: '*' }, response: { text: 'OK.' }, timing: 'instant' };
const server = await useEmulator([answer]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
const anthropic = new Anthropic({ baseURL: `${server.url}/anthropic`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });
const openai = new OpenAI({ baseURL: `${server.url}/openai/v1`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });
afterAll(() => client.destroy());

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const nova = 'us.amazon.nova-pro-v1:0';
const gptOss = 'openai.gpt-oss-120b-1:0';

/** A PNG's header: all the emulator reads of an image to count it. */
function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

async function converseInputTokens(modelId: string, content: ContentBlock[]): Promise<number | undefined> {
  const response = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content }] }));
  return response.usage?.inputTokens;
}

async function invokeUsage(modelId: string, body: object): Promise<Record<string, number>> {
  const response = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }));
  return (JSON.parse(new TextDecoder().decode(response.body)) as { usage: Record<string, number> }).usage;
}

describe('Claude: a lone "hello" counts 8, as on Bedrock — the template included — everywhere', () => {
  const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] };

  it('in CountTokens (both input forms), Converse, InvokeModel and Anthropic’s Messages, counted and answered', async () => {
    const counted = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: [{ role: 'user', content: [{ text: 'hello' }] }] } } }));
    const countedBody = await client.send(new CountTokensCommand({ modelId: sonnet, input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } } }));
    const messages = await anthropic.messages.create({ model: sonnet, max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    const messagesCounted = await anthropic.messages.countTokens({ model: sonnet, messages: [{ role: 'user', content: 'hello' }] });
    expect({
      countTokens: counted.inputTokens,
      countTokensBody: countedBody.inputTokens,
      converse: await converseInputTokens(sonnet, [{ text: 'hello' }]),
      invokeModel: (await invokeUsage(sonnet, body))['input_tokens'],
      messages: messages.usage.input_tokens,
      messagesCountTokens: messagesCounted.input_tokens,
    }).toEqual({ countTokens: 8, countTokensBody: 8, converse: 8, invokeModel: 8, messages: 8, messagesCountTokens: 8 });
  });

  it('counts an image by its size (width × height / 750, resized past 1,568 px or ~1,600 tokens), not a flat 1,600', async () => {
    const withImage = async (width: number, height: number): Promise<number | undefined> => converseInputTokens(sonnet, [{ image: { format: 'png', source: { bytes: png(width, height) } } }, { text: 'hello' }]);
    expect(await withImage(1, 1)).toBe(8 + 1);
    expect(await withImage(200, 200)).toBe(8 + 54);
    expect(await withImage(1092, 1092)).toBe(8 + 1590);
    expect(await withImage(4000, 1000)).toBe(8 + 820);
    const counted = await client.send(
      new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: png(200, 200) } } }, { text: 'hello' }] }] } } }),
    );
    expect(counted.inputTokens).toBe(8 + 54);
    const answered = await anthropic.messages.create({
      model: sonnet,
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: base64(png(200, 200)) } }, { type: 'text', text: 'hello' }] }],
    });
    expect(answered.usage.input_tokens).toBe(8 + 54);
  });

  it('counts a text document by its text, a short one as few tokens', async () => {
    const text = 'Refunds take 5 business days.';
    const inputTokens = await converseInputTokens(sonnet, [{ document: { format: 'txt', name: 'policy', source: { bytes: new TextEncoder().encode(text) } } }, { text: 'hello' }]);
    expect(inputTokens).toBe(8 + 6);
  });

  it("adds the tool definitions' JSON and the tool-use system prompt (346) when tools are offered", async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather by city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] };
    const counted = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: [{ role: 'user', content: [{ text: 'hello' }] }], toolConfig } } }));
    const answered = await client.send(new ConverseCommand({ modelId: sonnet, messages: [{ role: 'user', content: [{ text: 'hello' }] }], toolConfig }));
    expect(counted.inputTokens).toBe(answered.usage?.inputTokens);
    const { name, description, inputSchema } = toolConfig.tools[0]?.toolSpec ?? { name: '', description: '', inputSchema: {} };
    expect(counted.inputTokens).toBe(8 + toolTokens({ name, description, inputSchema: inputSchema.json }) + 346);
  });
});

describe('Nova: images by its own table', () => {
  it('in Converse and in its own InvokeModel body alike', async () => {
    const image = { format: 'png' as const, source: { bytes: png(800, 400) } };
    const viaConverse = await converseInputTokens(nova, [{ image }, { text: 'hello' }]);
    const viaInvoke = await invokeUsage(nova, { messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: base64(png(800, 400)) } } }, { text: 'hello' }] }] });
    expect(viaConverse).toBe(800 + 1);
    expect(viaInvoke['inputTokens']).toBe(800 + 1);
  });
});

describe("OpenAI's APIs: the same count in Chat Completions, Responses and Converse", () => {
  it('sizes a data-URL image as Converse sizes its bytes', async () => {
    const url = `data:image/png;base64,${base64(png(1000, 1000))}`;
    const chat = await openai.chat.completions.create({ model: gptOss, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }, { type: 'text', text: 'hello' }] }] });
    const responses = await openai.responses.create({ model: gptOss, input: [{ role: 'user', content: [{ type: 'input_image', image_url: url, detail: 'auto' }, { type: 'input_text', text: 'hello' }] }] });
    const converse = await converseInputTokens(gptOss, [{ image: { format: 'png', source: { bytes: png(1000, 1000) } } }, { text: 'hello' }]);
    expect({ chat: chat.usage?.prompt_tokens, responses: responses.usage?.input_tokens, converse }).toEqual({ chat: 1334 + 1, responses: 1334 + 1, converse: 1334 + 1 });
  });
});

const limited = await useEmulator([answer], { quotas: [{ model: 'anthropic.*', tokensPerMinute: 300 }] });
const quotaClient = new BedrockRuntimeClient({ endpoint: limited.url, region, credentials, maxAttempts: 1 });
afterAll(() => quotaClient.destroy());

describe('Token quotas count the same tokens', () => {
  const ask = (width: number, height: number) =>
    quotaClient.send(new ConverseCommand({ modelId: sonnet, messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: png(width, height) } } }, { text: 'hello' }] }] }));

  it('admit a small image that fits the quota, and throttle one whose size does not', async () => {
    expect((await ask(100, 100)).usage?.inputTokens).toBe(8 + 14);
    await expect(ask(1092, 1092)).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' });
  });
});
