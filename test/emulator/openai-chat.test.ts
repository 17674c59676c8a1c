import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { weatherToolSchema } from '../support/agent-fixtures.ts';
import { useEmulator } from '../support/emulator.ts';

const gptOss = 'openai.gpt-oss-120b-1:0';
const greeting = ['Hello', ' from', ' the', ' OpenAI-compatible', ' endpoint.'];
const server = await useEmulator([
  { name: 'greeting', match: { operation: 'ChatCompletions', lastUserMessage: 'hello' }, response: { text: greeting, usage: { inputTokens: 9, outputTokens: 5 } }, timing: { timeToFirstTokenMs: 30, deltaIntervalMs: 5 } },
  { name: 'thinker', match: { lastUserMessage: 'think' }, response: { content: [{ reasoning: { text: ['Two ', 'and two.'] } }, { text: 'It is 4.' }] }, timing: 'instant' },
  { name: 'weather-call', match: { lastUserMessage: 'weather in Paris', turn: 1 }, response: { content: [{ text: 'Checking.' }, { toolUse: { name: 'get_weather', id: 'call_fixture1', input: { city: 'Paris' } } }] }, timing: 'instant' },
  { name: 'weather-answer', match: { toolResult: { name: 'get_weather' } }, response: { text: 'It is 18 °C in Paris.' }, timing: 'instant' },
  { name: 'busy', match: { lastUserMessage: 'busy' }, response: { error: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } } },
  { name: 'breaks', match: { lastUserMessage: 'break' }, response: { text: ['a', 'b', 'c', 'd'], streamError: { type: 'internalServerException', message: 'The model broke.', afterChunks: 3 } }, timing: 'instant' },
]);

const runtime = new OpenAI({ baseURL: `${server.url}/openai/v1`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });
const mantle = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });
const user = (content: string) => [{ role: 'user' as const, content }];

describe('Chat Completions with the openai SDK (baseURL …/openai/v1, and Mantle’s …/v1)', () => {
  it('streams chunks as server-sent events: role first, the deltas as cut, finish_reason, usage, [DONE]', async () => {
    const stream = await runtime.chat.completions.create({ model: gptOss, messages: user('hello'), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content).filter((text) => typeof text === 'string' && text !== ''))).toEqual(greeting);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.id).toMatch(/^chatcmpl-/);
    expect(chunks[0]?.model).toBe(gptOss);
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
  });

  it('answers whole when not streaming, on the Mantle path too', async () => {
    const completion = await mantle.chat.completions.create({ model: 'openai.gpt-oss-120b', messages: user('hello') });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message).toEqual({ role: 'assistant', content: greeting.join('') });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 });
  });

  it('sends reasoning as reasoning_content', async () => {
    const completion = await runtime.chat.completions.create({ model: gptOss, messages: user('think'), reasoning_effort: 'low' });
    expect(completion.choices[0]?.message).toMatchObject({ content: 'It is 4.', reasoning_content: 'Two and two.' });
    const stream = await runtime.chat.completions.create({ model: gptOss, messages: user('think'), stream: true });
    let reasoning = '';
    for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    expect(reasoning).toBe('Two and two.');
  });

  it('calls tools (streamed arguments, finish_reason tool_calls), and matches the tool result of the next turn', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather by city', parameters: weatherToolSchema } }];
    const stream = await runtime.chat.completions.create({ model: gptOss, messages: user('weather in Paris'), tools, stream: true });
    let name = '';
    let args = '';
    let id = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      id ||= call?.id ?? '';
      name ||= call?.function?.name ?? '';
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect({ id, name, input: JSON.parse(args) as unknown, finish }).toEqual({ id: 'call_fixture1', name: 'get_weather', input: { city: 'Paris' }, finish: 'tool_calls' });
    const answer = await runtime.chat.completions.create({
      model: gptOss,
      tools,
      messages: [
        { role: 'user', content: 'weather in Paris' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id, type: 'function', function: { name, arguments: args } }] },
        { role: 'tool', tool_call_id: id, content: '{"tempC":18}' },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe('It is 18 °C in Paris.');
  });

  it("fails in OpenAI's error shape with Bedrock's status: a fixture's error, a bad request, an exception mid-stream", async () => {
    await expect(runtime.chat.completions.create({ model: gptOss, messages: user('busy') })).rejects.toMatchObject({
      status: 429,
      error: { message: 'Too many requests, please wait before trying again.', type: 'rate_limit_error', code: 'rate_limit_exceeded' },
    });
    await expect(runtime.chat.completions.create({ model: gptOss } as never)).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } });
    await expect(runtime.chat.completions.create({ model: 'not a model', messages: user('hello') })).rejects.toMatchObject({ status: 400, error: { message: 'The provided model identifier is invalid.' } });
    // tool_choice "required" forces a call the greeting does not make.
    await expect(
      runtime.chat.completions.create({ model: gptOss, messages: user('hello'), tools: [{ type: 'function', function: { name: 'get_weather', parameters: weatherToolSchema } }], tool_choice: 'required' }),
    ).rejects.toMatchObject({ status: 424, error: { type: 'api_error', code: 'model_error', message: expect.stringContaining('forces a call to one of its tools, but the fixture "greeting" answers without one') } });
    const broken = await runtime.chat.completions.create({ model: gptOss, messages: user('break'), stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of broken) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow('The model broke.');
    expect(seen.join('')).toBe('ab');
    const journal = server.emulator.calls().filter((call) => call.operation === 'ChatCompletions');
    expect(journal.map((call) => call.outcome)).toContain('fault-injected');
  });
});

describe('Chat Completions with the Vercel AI SDK (@ai-sdk/openai-compatible)', () => {
  it('streams text and reads the usage', async () => {
    const bedrock = createOpenAICompatible({ name: 'bedrock', baseURL: `${server.url}/v1`, apiKey: 'bedrock-api-key-anything', includeUsage: true });
    const result = streamText({ model: bedrock(gptOss), prompt: 'hello', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.join('')).toBe(greeting.join(''));
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(5);
  });
});

const keyed = await startEmulator({
  fixtures: defineFixtures([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hi, key holder.' }, timing: 'instant' }]),
  auth: { modes: ['api-key'], region: 'us-east-1', accountId: '123456789012', credentials: [], apiKeys: [{ key: 'ABSK-openai-test' }] },
});
afterAll(() => keyed.close());

describe('Chat Completions under --auth api-key', () => {
  it('accepts the API key the SDK sends as a bearer token, and refuses another', async () => {
    const good = new OpenAI({ baseURL: `${keyed.url}/openai/v1`, apiKey: 'ABSK-openai-test', maxRetries: 0 });
    expect((await good.chat.completions.create({ model: gptOss, messages: user('hello') })).choices[0]?.message.content).toBe('Hi, key holder.');
    const bad = new OpenAI({ baseURL: `${keyed.url}/openai/v1`, apiKey: 'ABSK-wrong', maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: gptOss, messages: user('hello') })).rejects.toMatchObject({ status: 403, error: { message: 'Authentication failed: Please make sure your API Key is valid.', type: 'permission_error' } });
  });
});

const signing = { accessKeyId: 'AKIAMANTLEEXAMPLE', secretAccessKey: 'mantle-secret' };
const signed = await startEmulator({
  fixtures: defineFixtures([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hi, signed caller.' }, timing: 'instant' }]),
  auth: { modes: ['sigv4'], region: 'us-east-1', accountId: '123456789012', credentials: [signing], apiKeys: [] },
});
afterAll(() => signed.close());

describe('Chat Completions under --auth sigv4', () => {
  it.each([
    ['bedrock', '/openai/v1/chat/completions'],
    ['bedrock-mantle', '/v1/chat/completions'],
  ])('accepts a request signed for %s on %s (as the openai SDK’s Bedrock provider signs), and refuses a wrong secret', async (service, path) => {
    const { hostname, port } = new URL(signed.url);
    const body = JSON.stringify({ model: gptOss, messages: [{ role: 'user', content: 'hello' }] });
    const sign = (secretAccessKey: string) =>
      new SignatureV4({ service, region: 'us-east-1', credentials: { ...signing, secretAccessKey }, sha256: Hash.bind(null, 'sha256') }).sign(
        new HttpRequest({ method: 'POST', protocol: 'http:', hostname, port: Number(port), path, headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' }, body }),
      );
    const good = await fetch(`${signed.url}${path}`, { method: 'POST', headers: (await sign(signing.secretAccessKey)).headers, body });
    expect(((await good.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('Hi, signed caller.');
    const bad = await fetch(`${signed.url}${path}`, { method: 'POST', headers: (await sign('wrong')).headers, body });
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
  });
});
