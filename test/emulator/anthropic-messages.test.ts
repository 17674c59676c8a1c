import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrockMantle } from '@anthropic-ai/bedrock-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { weatherToolSchema } from '../support/agent-fixtures.ts';
import { useEmulator } from '../support/emulator.ts';

const sonnet = 'anthropic.claude-sonnet-4-6-v1';
const answer = ['Hello', ' from', ' the', ' Messages', ' API.'];
const server = await useEmulator([
  { name: 'greeting', match: { operation: 'AnthropicMessages', lastUserMessage: 'hello' }, response: { text: answer, usage: { inputTokens: 8, outputTokens: 5 } }, timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 5 } },
  { name: 'thinker', match: { lastUserMessage: 'think' }, response: { content: [{ reasoning: { text: ['Two ', 'and two.'], signature: 'sig-mantle' } }, { text: 'It is 4.' }] }, timing: 'instant' },
  { name: 'weather', match: { lastUserMessage: 'weather in Paris' }, response: { content: [{ toolUse: { name: 'get_weather', input: { city: 'Paris' } } }] }, timing: 'instant' },
  { name: 'busy', match: { lastUserMessage: 'busy' }, response: { error: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } } },
  { name: 'breaks', match: { lastUserMessage: 'break' }, response: { text: ['a', 'b', 'c'], streamError: { type: 'serviceUnavailableException', message: 'Overloaded for a moment.', afterChunks: 4 } }, timing: 'instant' },
]);

// The Anthropic SDK sends the key as x-api-key, as AWS's examples do; its Mantle client as a bearer token.
const anthropic = new Anthropic({ baseURL: `${server.url}/anthropic`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });

describe("Anthropic's Messages API on Mantle's path (/anthropic/v1/messages)", () => {
  it('streams named server-sent events that @anthropic-ai/sdk assembles, deltas as cut', async () => {
    const texts: string[] = [];
    const stream = anthropic.messages.stream({ model: sonnet, max_tokens: 200, messages: [{ role: 'user', content: 'hello' }] });
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts).toEqual(answer);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 8, output_tokens: 5 });
  });

  it('answers whole, with thinking and its signature, and with tool use', async () => {
    const thought = await anthropic.messages.create({ model: sonnet, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'think' }] });
    expect(thought.content).toEqual([
      { type: 'thinking', thinking: 'Two and two.', signature: 'sig-mantle' },
      { type: 'text', text: 'It is 4.' },
    ]);
    const tools = [{ name: 'get_weather', description: 'Weather by city', input_schema: weatherToolSchema as Anthropic.Tool.InputSchema }];
    const called = await anthropic.messages.stream({ model: sonnet, max_tokens: 200, tools, messages: [{ role: 'user', content: 'weather in Paris' }] }).finalMessage();
    expect(called.stop_reason).toBe('tool_use');
    expect(called.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
  });

  it('counts tokens at /anthropic/v1/messages/count_tokens', async () => {
    const counted = await anthropic.messages.countTokens({ model: sonnet, messages: [{ role: 'user', content: 'hello there, how are you?' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it("fails in Anthropic's error shape with Bedrock's status, before and during a stream", async () => {
    await expect(anthropic.messages.create({ model: sonnet, max_tokens: 10, messages: [{ role: 'user', content: 'busy' }] })).rejects.toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error', message: 'Too many requests, please wait before trying again.' } },
    });
    await expect(anthropic.messages.create({ model: 'openai.gpt-oss-120b', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] })).rejects.toMatchObject({ status: 400 });
    // A forced tool call the matched fixture does not make: a model error, with the reason.
    const tools = [{ name: 'get_weather', description: 'Weather by city', input_schema: weatherToolSchema as Anthropic.Tool.InputSchema }];
    await expect(anthropic.messages.create({ model: sonnet, max_tokens: 10, tools, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'hello' }] })).rejects.toMatchObject({
      status: 424,
      error: { type: 'error', error: { type: 'api_error', message: expect.stringContaining('the fixture "greeting" answers without one') } },
    });
    const broken = anthropic.messages.stream({ model: sonnet, max_tokens: 200, messages: [{ role: 'user', content: 'break' }] });
    await expect(broken.finalMessage()).rejects.toThrow('Overloaded for a moment.');
    const raw = await fetch(`${server.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: sonnet, max_tokens: 5, messages: [{ role: 'user', content: 'hello' }] }) });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });
});

const keyed = await startEmulator({
  fixtures: defineFixtures([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hi, key holder.' }, timing: 'instant' }]),
  auth: { modes: ['api-key'], region: 'us-east-1', accountId: '123456789012', credentials: [], apiKeys: [{ key: 'ABSK-mantle-test' }] },
});
afterAll(() => keyed.close());

describe('the Messages API under --auth api-key', () => {
  it("accepts the key as x-api-key (Anthropic's SDK) and as a bearer token (its Mantle client), and refuses another", async () => {
    const ask = { model: sonnet, max_tokens: 50, messages: [{ role: 'user' as const, content: 'hello' }] };
    const viaHeader = new Anthropic({ baseURL: `${keyed.url}/anthropic`, apiKey: 'ABSK-mantle-test', maxRetries: 0 });
    expect((await viaHeader.messages.create(ask)).content).toEqual([{ type: 'text', text: 'Hi, key holder.' }]);
    const viaMantleClient = new AnthropicBedrockMantle({ baseURL: `${keyed.url}/anthropic`, apiKey: 'ABSK-mantle-test', awsRegion: 'us-east-1', maxRetries: 0 });
    expect((await viaMantleClient.messages.create(ask)).content).toEqual([{ type: 'text', text: 'Hi, key holder.' }]);
    const wrong = new Anthropic({ baseURL: `${keyed.url}/anthropic`, apiKey: 'ABSK-wrong', maxRetries: 0 });
    await expect(wrong.messages.create(ask)).rejects.toMatchObject({ status: 403, error: { error: { type: 'permission_error', message: 'Authentication failed: Please make sure your API Key is valid.' } } });
  });
});
