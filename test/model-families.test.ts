import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from './support/emulator.ts';

/**
 * Each family's own InvokeModel body and stream (REFERENCE §4), through the
 * unmodified AWS SDK (HTTP/2): the same fixture, cut the same way, in each
 * family's chunks, with the stop reason and Bedrock's invocation metrics on
 * the last one; and Converse for the same model ids.
 */
const answer = ['The', ' capital', ' of', ' France', ' is', ' Paris.'];
const server = await useEmulator([
  { name: 'capital', match: { lastUserMessage: 'capital of France?' }, response: { text: answer, usage: { inputTokens: 12, outputTokens: 6 } }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 } },
  { name: 'short', match: { lastUserMessage: 'be brief' }, response: { text: 'one two three four five six seven eight nine ten eleven twelve', stopReason: 'end_turn' }, timing: 'instant' },
  { name: 'nova-tool', match: { lastUserMessage: 'weather in Paris' }, response: { content: [{ text: 'Checking.' }, { toolUse: { name: 'get_weather', id: 'tooluse_nova1', input: { city: 'Paris' } } }] }, timing: 'instant' },
]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

async function stream(modelId: string, body: object): Promise<Record<string, unknown>[]> {
  const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(body) }));
  const chunks: Record<string, unknown>[] = [];
  for await (const event of response.body ?? []) if (event.chunk?.bytes !== undefined) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Record<string, unknown>);
  return chunks;
}

async function invoke(modelId: string, body: object): Promise<Record<string, unknown>> {
  const response = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }));
  return JSON.parse(new TextDecoder().decode(response.body)) as Record<string, unknown>;
}

const metrics = { inputTokenCount: 12, outputTokenCount: 6, invocationLatency: expect.any(Number) as number, firstByteLatency: expect.any(Number) as number };

describe('Amazon Nova (messages-v1)', () => {
  const nova = 'us.amazon.nova-pro-v1:0';
  const body = { schemaVersion: 'messages-v1', system: [{ text: 'Be exact.' }], messages: [{ role: 'user', content: [{ text: 'capital of France?' }] }], inferenceConfig: { maxTokens: 200 } };

  it('streams ConverseStream-shaped chunks, one event each, metrics on the metadata chunk', async () => {
    const chunks = await stream(nova, body);
    // As captured from Nova: each text delta its own block, stopped at once, the index counting up.
    expect(chunks.map((chunk) => Object.keys(chunk).filter((key) => key !== 'amazon-bedrock-invocationMetrics')[0])).toEqual(['messageStart', ...answer.flatMap(() => ['contentBlockDelta', 'contentBlockStop']), 'messageStop', 'metadata']);
    const deltas = chunks.filter((chunk) => 'contentBlockDelta' in chunk).map((chunk) => chunk.contentBlockDelta as { delta: { text: string }; contentBlockIndex: number });
    expect(deltas.map((delta) => delta.delta.text)).toEqual(answer);
    expect(deltas.map((delta) => delta.contentBlockIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chunks.at(-2)).toEqual({ messageStop: { stopReason: 'end_turn' } });
    const noCache = { cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 };
    expect(chunks.at(-1)).toEqual({ metadata: { usage: { inputTokens: 12, outputTokens: 6, ...noCache }, metrics: {}, trace: {} }, 'amazon-bedrock-invocationMetrics': { ...metrics, ...noCache } });
  });

  it('answers InvokeModel with output.message, stopReason and usage, and streams a tool call', async () => {
    expect(await invoke(nova, body)).toEqual({
      output: { message: { role: 'assistant', content: [{ text: answer.join('') }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
    });
    const chunks = await stream(nova, { messages: [{ role: 'user', content: [{ text: 'weather in Paris' }] }], toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] } });
    expect(chunks).toContainEqual({ contentBlockStart: { start: { toolUse: { toolUseId: 'tooluse_nova1', name: 'get_weather' } }, contentBlockIndex: expect.any(Number) as number } });
    expect(chunks.find((chunk) => 'messageStop' in chunk)).toEqual({ messageStop: { stopReason: 'tool_use' } });
  });
});

describe('Meta Llama (a prompt in the Llama 3 template)', () => {
  const llama = 'us.meta.llama3-3-70b-instruct-v1:0';
  const prompt = '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe exact.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\ncapital of France?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';

  it('reads the last user turn out of the template, and streams generation chunks', async () => {
    const chunks = await stream(llama, { prompt, max_gen_len: 256 });
    expect(chunks.map((chunk) => chunk.generation)).toEqual(answer);
    expect(chunks[0]).toMatchObject({ prompt_token_count: 12, stop_reason: null });
    expect(chunks[1]?.prompt_token_count).toBeNull();
    expect(chunks.at(-1)).toEqual({ generation: ' Paris.', prompt_token_count: null, generation_token_count: 6, stop_reason: 'stop', 'amazon-bedrock-invocationMetrics': metrics });
  });

  it('answers InvokeModel whole, and stops at max_gen_len with "length"', async () => {
    expect(await invoke(llama, { prompt })).toEqual({ generation: answer.join(''), prompt_token_count: 12, generation_token_count: 6, stop_reason: 'stop' });
    const cut = await invoke(llama, { prompt: '<|start_header_id|>user<|end_header_id|>\n\nbe brief<|eot_id|>', max_gen_len: 3 });
    expect(cut).toMatchObject({ stop_reason: 'length', generation_token_count: 3 });
  });
});

describe('Amazon Titan Text (inputText)', () => {
  const titan = 'amazon.titan-text-premier-v1:0';

  it('reads "User: … Bot:" turns, and streams outputText chunks', async () => {
    const chunks = await stream(titan, { inputText: 'User: capital of France?\nBot:', textGenerationConfig: { maxTokenCount: 100 } });
    expect(chunks.map((chunk) => chunk.outputText)).toEqual(answer);
    expect(chunks[0]).toMatchObject({ index: 0, inputTextTokenCount: 12, completionReason: null, totalOutputTextTokenCount: null });
    expect(chunks.at(-1)).toMatchObject({ completionReason: 'FINISH', totalOutputTextTokenCount: 6, inputTextTokenCount: null, 'amazon-bedrock-invocationMetrics': metrics });
  });

  it('answers InvokeModel with results', async () => {
    expect(await invoke(titan, { inputText: 'capital of France?' })).toEqual({ inputTextTokenCount: 12, results: [{ tokenCount: 6, outputText: answer.join(''), completionReason: 'FINISH' }] });
  });
});

describe('Mistral (a prompt in the [INST] template)', () => {
  const mistral = 'mistral.mixtral-8x7b-instruct-v0:1';

  it('reads the last instruction, and streams outputs chunks', async () => {
    const chunks = await stream(mistral, { prompt: '<s>[INST] Hello [/INST] Hi!</s>[INST] capital of France? [/INST]', max_tokens: 100 });
    expect(chunks.map((chunk) => (chunk.outputs as { text: string }[])[0]?.text)).toEqual(answer);
    expect(chunks.at(-1)).toEqual({ outputs: [{ text: ' Paris.', stop_reason: 'stop' }], 'amazon-bedrock-invocationMetrics': metrics });
    expect(await invoke(mistral, { prompt: '<s>[INST] capital of France? [/INST]' })).toEqual({ outputs: [{ text: answer.join(''), stop_reason: 'stop' }] });
  });
});

describe('Converse for the same models', () => {
  it.each(['us.amazon.nova-pro-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0', 'amazon.titan-text-premier-v1:0', 'mistral.mixtral-8x7b-instruct-v0:1'])('%s answers Converse from the same fixture', async (modelId) => {
    const response = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'capital of France?' }] }] }));
    expect(response.output?.message?.content?.[0]?.text).toBe(answer.join(''));
  });
});
