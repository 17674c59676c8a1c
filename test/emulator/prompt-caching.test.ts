import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
  type ContentBlock,
  type ConverseCommandInput,
  type SystemContentBlock,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { generateText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { epochMsOf, systemClock, type Clock } from '../../src/core/playback/clock.ts';
import { countTokens } from '../../src/core/planning/tokenize.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

/** The real clock, shifted on demand: lets a test step past a cache entry's TTL without waiting for it. */
function createShiftedClock(): Clock & { advance(ms: number): void } {
  let offsetMs = 0;
  return { now: () => systemClock.now() + offsetMs, epochMs: () => epochMsOf(systemClock) + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal), advance: (ms) => (offsetMs += ms) };
}

const clock = createShiftedClock();
const server = await useEmulator(
  [
    { name: 'stated', match: { lastUserMessage: 'stated figures' }, response: { text: 'As stated.', usage: { inputTokens: 7, cacheReadInputTokens: 5000 } }, timing: 'instant' },
    { name: 'answer', response: { text: 'From the manual: press the red button.' }, timing: 'instant' },
  ],
  { clock },
);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const answerTokens = countTokens('From the manual: press the red button.');
/** A system prompt well past Sonnet's 1,024-token minimum; each test its own, so their caches do not meet. */
const manual = (topic: string): string => `You answer questions about the ${topic} manual. ${Array.from({ length: 1200 }, (_, index) => `rule${index % 10}`).join(' ')}`;
const manualTokens = (topic: string): number => countTokens(manual(topic));
/** What Claude's prompt template adds to a one-message request, uncached (docs/token-counts.md#claude). */
const claudeTemplate = 7;
const user = (text: string): { role: 'user'; content: ContentBlock[] } => ({ role: 'user', content: [{ text }] });
const cachedSystem = (topic: string, ttl?: '5m' | '1h'): SystemContentBlock[] => [{ text: manual(topic) }, { cachePoint: { type: 'default', ...(ttl === undefined ? {} : { ttl }) } }];

async function converseUsage(input: Omit<ConverseCommandInput, 'modelId'> & { modelId?: string }): Promise<TokenUsage | undefined> {
  const response = await client.send(new ConverseCommand({ modelId: sonnet, ...input }));
  return response.usage;
}

describe('prompt caching through Converse (AWS SDK, HTTP/2)', () => {
  it('writes the prefix up to a cachePoint on the first call and reads it on the next', async () => {
    const prefix = manualTokens('toaster');
    const [start, stop] = ['How do I start it?', 'And how do I stop it?'];
    const first = await converseUsage({ system: cachedSystem('toaster'), messages: [user(start)] });
    const uncached = countTokens(start) + claudeTemplate;
    expect(first).toEqual({ inputTokens: uncached, outputTokens: answerTokens, totalTokens: uncached + prefix + answerTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: prefix, cacheDetails: [{ ttl: '5m', inputTokens: prefix }] });
    const second = await converseUsage({ system: cachedSystem('toaster'), messages: [user(stop)] });
    expect(second).toEqual({ inputTokens: countTokens(stop) + claudeTemplate, outputTokens: answerTokens, totalTokens: countTokens(stop) + claudeTemplate + prefix + answerTokens, cacheReadInputTokens: prefix, cacheWriteInputTokens: 0 });
  });

  it('reports the same in ConverseStream metadata', async () => {
    const prefix = manualTokens('kettle');
    const usages: (TokenUsage | undefined)[] = [];
    for (const question of ['Is it on?', 'Is it off?']) {
      const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, system: cachedSystem('kettle'), messages: [user(question)] }));
      for await (const event of response.stream ?? []) if (event.metadata !== undefined) usages.push(event.metadata.usage);
    }
    expect(usages.map((usage) => [usage?.cacheWriteInputTokens, usage?.cacheReadInputTokens])).toEqual([
      [prefix, 0],
      [0, prefix],
    ]);
  });

  it('misses when the prefix changes, and caches tools and messages with their TTLs (1h listed first)', async () => {
    const tools = { tools: [{ toolSpec: { name: 'lookup', description: manual('tool'), inputSchema: { json: { type: 'object' } } } }, { cachePoint: { type: 'default' as const, ttl: '1h' as const } }] };
    const history = [user(`${manual('history')} First question?`), { role: 'assistant' as const, content: [{ text: 'First answer.' }] }, { role: 'user' as const, content: [{ text: 'Second question?' }, { cachePoint: { type: 'default' as const } }] }];
    const first = await converseUsage({ toolConfig: tools, messages: history });
    const toolTokens = first?.cacheDetails?.[0]?.inputTokens ?? 0;
    expect(first?.cacheDetails?.map((detail) => detail.ttl)).toEqual(['1h', '5m']);
    expect(toolTokens).toBeGreaterThan(1024);
    expect(first?.cacheWriteInputTokens).toBe(toolTokens + (first?.cacheDetails?.[1]?.inputTokens ?? 0));
    // The tools are unchanged, the conversation is not: the tools are read, the new conversation written.
    const changed = await converseUsage({ toolConfig: tools, messages: [user(`${manual('other history')} First question?`), ...history.slice(1)] });
    expect(changed?.cacheReadInputTokens).toBe(toolTokens);
    expect(changed?.cacheDetails?.map((detail) => detail.ttl)).toEqual(['5m']);
  });

  it('counts a cachePoint as no tokens, and caches nothing below the model minimum', async () => {
    const plain = await converseUsage({ messages: [user('A short question')] });
    const marked = await converseUsage({ system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }], messages: [user('A short question')] });
    const system = countTokens('Be brief.');
    const counted = await Promise.all(
      [[{ text: 'Be brief.' }], [{ text: 'Be brief.' }, { cachePoint: { type: 'default' as const } }]].map(async (blocks) => (await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { system: blocks, messages: [user('A short question')] } } }))).inputTokens),
    );
    expect(counted).toEqual([(plain?.inputTokens ?? 0) + system, (plain?.inputTokens ?? 0) + system]);
    expect(marked).toEqual({ inputTokens: (plain?.inputTokens ?? 0) + system, outputTokens: answerTokens, totalTokens: (plain?.totalTokens ?? 0) + system, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  it('expires an entry after its TTL on the emulator clock, and empties the cache on reset', async () => {
    const input = { system: cachedSystem('blender'), messages: [user('Which speed?')] };
    expect((await converseUsage(input))?.cacheWriteInputTokens).toBeGreaterThan(0);
    clock.advance(4 * 60_000);
    expect((await converseUsage(input))?.cacheReadInputTokens).toBeGreaterThan(0);
    clock.advance(5 * 60_000 + 1);
    expect((await converseUsage(input))?.cacheWriteInputTokens).toBeGreaterThan(0);
    await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
    expect((await converseUsage(input))?.cacheWriteInputTokens).toBeGreaterThan(0);
  });

  it("reports a fixture's stated cache figures as they are", async () => {
    expect(await converseUsage({ messages: [user('stated figures')] })).toEqual({ inputTokens: 7, outputTokens: 3, totalTokens: 5010, cacheReadInputTokens: 5000, cacheWriteInputTokens: 0 });
  });

  it("refuses a cachePoint on a model that does not cache, and a fifth breakpoint, with Bedrock's ValidationException", async () => {
    for (const modelId of ['anthropic.claude-3-haiku-20240307-v1:0', 'meta.llama3-1-8b-instruct-v1:0']) {
      const refused = converseUsage({ modelId, system: cachedSystem('radio'), messages: [user('Hi')] });
      await expect(refused).rejects.toBeInstanceOf(ValidationException);
      await expect(refused).rejects.toThrow('You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.');
    }
    const point = { cachePoint: { type: 'default' as const } };
    const five = converseUsage({ system: [{ text: 'a' }, point, { text: 'b' }, point, { text: 'c' }, point, { text: 'd' }, point, { text: 'e' }, point], messages: [user('Hi')] });
    await expect(five).rejects.toThrow('A maximum of 4 blocks with cache_control may be provided. Found 5.');
  });
});

describe('prompt caching through Claude InvokeModel', () => {
  const anthropic = new AnthropicBedrock({ baseURL: server.url, awsRegion: region, awsAccessKey: credentials.accessKeyId, awsSecretKey: credentials.secretAccessKey, maxRetries: 0 });
  const system = (topic: string) => [{ type: 'text' as const, text: manual(topic), cache_control: { type: 'ephemeral' as const } }];

  it('counts cache_control writes and reads in usage (Anthropic SDK, whole and streamed)', async () => {
    const prefix = manualTokens('drill');
    const first = await anthropic.messages.create({ model: sonnet, max_tokens: 100, system: system('drill'), messages: [{ role: 'user', content: 'How fast?' }] });
    expect(first.usage).toMatchObject({ input_tokens: countTokens('How fast?') + claudeTemplate, cache_creation_input_tokens: prefix, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: prefix, ephemeral_1h_input_tokens: 0 } });
    const second = await anthropic.messages.stream({ model: sonnet, max_tokens: 100, system: system('drill'), messages: [{ role: 'user', content: 'How slow?' }] }).finalMessage();
    expect(second.usage).toMatchObject({ input_tokens: countTokens('How slow?') + claudeTemplate, cache_creation_input_tokens: 0, cache_read_input_tokens: prefix });
  });

  it('adds the cache counts to the invocation metrics of the last chunk (AWS SDK)', async () => {
    const prefix = manualTokens('saw');
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, system: system('saw'), messages: [{ role: 'user', content: 'Which blade?' }] });
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: sonnet, body }));
    const chunks: Record<string, unknown>[] = [];
    for await (const event of response.body ?? []) if (event.chunk?.bytes !== undefined) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Record<string, unknown>);
    expect(chunks[0]).toMatchObject({ type: 'message_start', message: { usage: { cache_creation_input_tokens: prefix, cache_read_input_tokens: 0 } } });
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ inputTokenCount: countTokens('Which blade?') + claudeTemplate, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: prefix });
  });
});

describe("prompt caching through Nova's InvokeModel body", () => {
  it('counts cachePoint writes and reads in usage and the invocation metrics', async () => {
    const prefix = manualTokens('fan');
    const body = JSON.stringify({ schemaVersion: 'messages-v1', system: [{ text: manual('fan') }, { cachePoint: { type: 'default' } }], messages: [{ role: 'user', content: [{ text: 'Which speed?' }] }] });
    const usages: unknown[] = [];
    for (let call = 0; call < 2; call += 1) {
      const response = await client.send(new InvokeModelCommand({ modelId: 'us.amazon.nova-pro-v1:0', body }));
      usages.push((JSON.parse(new TextDecoder().decode(response.body)) as { usage: unknown }).usage);
    }
    const uncached = countTokens('Which speed?');
    expect(usages).toEqual([
      { inputTokens: uncached, outputTokens: answerTokens, totalTokens: uncached + prefix + answerTokens, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: prefix },
      { inputTokens: uncached, outputTokens: answerTokens, totalTokens: uncached + prefix + answerTokens, cacheReadInputTokenCount: prefix, cacheWriteInputTokenCount: 0 },
    ]);
  });
});

describe('prompt caching through the Vercel AI SDK', () => {
  it('sends a cachePoint from providerOptions and reads the cache figures into usage', async () => {
    const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
    const call = () =>
      generateText({
        model: bedrock(sonnet),
        maxRetries: 0,
        instructions: { role: 'system', content: manual('mixer'), providerOptions: { bedrock: { cachePoint: { type: 'default' } } } },
        messages: [{ role: 'user', content: 'What speed?' }],
      });
    const prefix = manualTokens('mixer');
    expect((await call()).usage.inputTokenDetails).toMatchObject({ noCacheTokens: countTokens('What speed?') + claudeTemplate, cacheWriteTokens: prefix, cacheReadTokens: 0 });
    expect((await call()).usage.inputTokenDetails).toMatchObject({ noCacheTokens: countTokens('What speed?') + claudeTemplate, cacheWriteTokens: 0, cacheReadTokens: prefix });
  });
});
