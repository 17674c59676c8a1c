import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from '../support/emulator.ts';
import { chunkEvent, readEventStream } from '../support/event-stream.ts';

/**
 * Each family's own InvokeModel body and stream (docs/protocol/model-families.md), through the
 * unmodified AWS SDK (HTTP/2): the same fixture, cut the same way, in each
 * family's chunks, with the stop reason and Bedrock's invocation metrics on
 * the last one; and Converse for the same model ids.
 */
const answer = ['The', ' capital', ' of', ' France', ' is', ' Paris.'];
const server = await useEmulator([
  { name: 'capital', match: { lastUserMessage: 'capital of France?' }, response: { text: answer, usage: { inputTokens: 12, outputTokens: 6 } }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 } },
  { name: 'short', match: { lastUserMessage: 'be brief' }, response: { text: 'one two three four five six seven eight nine ten eleven twelve', stopReason: 'end_turn' }, timing: 'instant' },
  { name: 'thinker', match: { lastUserMessage: 'think first' }, response: { content: [{ reasoning: { text: ['Two ', 'and two.'] } }, { text: 'It is 4.' }] }, timing: 'instant' },
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
  it.each([
    'us.amazon.nova-pro-v1:0',
    'us.meta.llama3-3-70b-instruct-v1:0',
    'amazon.titan-text-premier-v1:0',
    'mistral.mixtral-8x7b-instruct-v0:1',
    'mistral.mistral-large-2407-v1:0',
    'cohere.command-r-plus-v1:0',
    'us.deepseek.r1-v1:0',
    'openai.gpt-oss-120b-1:0',
  ])('%s answers Converse from the same fixture', async (modelId) => {
    const response = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'capital of France?' }] }] }));
    expect(response.output?.message?.content?.[0]?.text).toBe(answer.join(''));
  });
});

describe('OpenAI gpt-oss on InvokeModel (a Chat Completions body)', () => {
  const gptOss = 'openai.gpt-oss-120b-1:0';
  const body = { messages: [{ role: 'user', content: 'capital of France?' }], max_completion_tokens: 200 };

  it('streams chat.completion.chunk objects, the last with finish_reason and the metrics, no [DONE]', async () => {
    const chunks = await stream(gptOss, body);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: gptOss, service_tier: 'default', choices: [{ delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    expect(chunks.slice(1, -1).map((chunk) => (chunk.choices as { delta: { content: string } }[])[0]?.delta.content)).toEqual(answer);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }], 'amazon-bedrock-invocationMetrics': metrics });
    expect(String(chunks[0]?.id)).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
  });

  it('answers whole, and refuses a body whose model or stream flag contradicts the call', async () => {
    expect(await invoke(gptOss, body)).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: answer.join('') }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } });
    await expect(invoke(gptOss, { ...body, model: 'openai.gpt-oss-20b-1:0' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(invoke(gptOss, { ...body, stream: true })).rejects.toMatchObject({ name: 'ValidationException', message: 'stream must be false on InvokeModel (or left out).' });
  });
});

describe('DeepSeek R1 (a prompt; reasoning first, closed by </think>)', () => {
  const r1 = 'us.deepseek.r1-v1:0';
  it('reads the last user turn, and streams choices[].text', async () => {
    const prompt = '<｜begin▁of▁sentence｜><｜User｜>capital of France?<｜Assistant｜><think>\n';
    const chunks = await stream(r1, { prompt, max_tokens: 500 });
    expect(chunks.map((chunk) => (chunk.choices as { text: string }[])[0]?.text)).toEqual(answer);
    expect(chunks.at(-1)).toEqual({ choices: [{ text: ' Paris.', stop_reason: 'stop' }], 'amazon-bedrock-invocationMetrics': metrics });
    expect(await invoke(r1, { prompt })).toEqual({ choices: [{ text: answer.join(''), stop_reason: 'stop' }] });
  });
});

describe('reasoning where the family has it', () => {
  it('DeepSeek R1: the reasoning first, closed by </think>, then the answer', async () => {
    const whole = (await invoke('us.deepseek.r1-v1:0', { prompt: '<｜User｜>think first<｜Assistant｜><think>\n' })) as { choices: { text: string }[] };
    expect(whole.choices[0]?.text).toBe('Two and two.\n</think>\n\nIt is 4.');
  });

  it('gpt-oss on InvokeModel: inline in <reasoning> tags at the start of the content', async () => {
    const whole = (await invoke('openai.gpt-oss-120b-1:0', { messages: [{ role: 'user', content: 'think first' }], reasoning_effort: 'low' })) as { choices: { message: { content: string } }[] };
    expect(whole.choices[0]?.message.content).toBe('<reasoning>Two and two.</reasoning>It is 4.');
    const chunks = await stream('openai.gpt-oss-120b-1:0', { messages: [{ role: 'user', content: 'think first' }] });
    expect(chunks.map((chunk) => (chunk.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '').join('')).toBe('<reasoning>Two and two.</reasoning>It is 4.');
  });

  it('Nova: a reasoningContent block before the text', async () => {
    const whole = (await invoke('us.amazon.nova-premier-v1:0', { messages: [{ role: 'user', content: [{ text: 'think first' }] }] })) as { output: { message: { content: unknown[] } } };
    expect(whole.output.message.content).toEqual([{ reasoningContent: { reasoningText: { text: 'Two and two.' } } }, { text: 'It is 4.' }]);
  });
});

describe('Mistral Large 2 (chat messages)', () => {
  const large = 'mistral.mistral-large-2407-v1:0';
  it('answers choices[].message with stop_reason, streamed one message per delta', async () => {
    const chunks = await stream(large, { messages: [{ role: 'user', content: 'capital of France?' }], max_tokens: 100 });
    expect(chunks.map((chunk) => (chunk.choices as { message: { content: string } }[])[0]?.message.content)).toEqual(answer);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ index: 0, stop_reason: 'stop' }], 'amazon-bedrock-invocationMetrics': metrics });
    expect(await invoke(large, { messages: [{ role: 'user', content: 'capital of France?' }] })).toMatchObject({ choices: [{ index: 0, message: { role: 'assistant', content: answer.join('') }, stop_reason: 'stop' }] });
    await expect(invoke(large, { prompt: '<s>[INST] hi [/INST]' })).rejects.toMatchObject({ message: 'Malformed input request: #: required key [messages] not found, please reformat your input and try again.' });
  });
});

describe('Cohere Command R (message, chat_history)', () => {
  const commandR = 'cohere.command-r-plus-v1:0';
  it('streams stream-start, text-generation per delta, stream-end with the response and the metrics', async () => {
    const chunks = await stream(commandR, { message: 'capital of France?', chat_history: [{ role: 'USER', message: 'Hi' }, { role: 'CHATBOT', message: 'Hello!' }], preamble: 'Be exact.' });
    expect(chunks[0]).toMatchObject({ is_finished: false, event_type: 'stream-start' });
    expect(chunks.slice(1, -1).map((chunk) => chunk.text)).toEqual(answer);
    expect(chunks.at(-1)).toMatchObject({ is_finished: true, event_type: 'stream-end', finish_reason: 'COMPLETE', response: { text: answer.join(''), finish_reason: 'COMPLETE' }, 'amazon-bedrock-invocationMetrics': metrics });
    await expect(invoke(commandR, { message: 'capital of France?', stream: true })).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('Embeddings (Titan Text Embeddings, Cohere Embed)', () => {
  const cosine = (a: number[], b: number[]): number => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
  const titan = async (inputText: string, extra: object = {}) => invoke('amazon.titan-embed-text-v2:0', { inputText, ...extra });

  it('Titan V2: the asked dimension, unit length, the same text the same vector, similar texts closer', async () => {
    const a = (await titan('The cat sat on the mat.')) as { embedding: number[]; inputTextTokenCount: number; embeddingsByType: { float: number[] } };
    expect(a.embedding).toHaveLength(1024);
    expect(a.embeddingsByType.float).toEqual(a.embedding);
    expect(a.inputTextTokenCount).toBeGreaterThan(0);
    expect(Math.abs(cosine(a.embedding, a.embedding) - 1)).toBeLessThan(1e-5);
    expect(((await titan('The cat sat on the mat.')) as { embedding: number[] }).embedding).toEqual(a.embedding);
    const similar = ((await titan('A cat was sitting on the mat.')) as { embedding: number[] }).embedding;
    const unrelated = ((await titan('Quarterly revenue grew in Europe.')) as { embedding: number[] }).embedding;
    expect(cosine(a.embedding, similar)).toBeGreaterThan(cosine(a.embedding, unrelated) + 0.2);
    const small = (await titan('hello', { dimensions: 256, embeddingTypes: ['float', 'binary'] })) as { embedding: number[]; embeddingsByType: { binary: number[] } };
    expect(small.embedding).toHaveLength(256);
    expect(new Set(small.embeddingsByType.binary)).toEqual(new Set([0, 1]));
    await expect(titan('hello', { dimensions: 300 })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(invoke('amazon.titan-embed-text-v2:0', {})).rejects.toMatchObject({ message: 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.' });
    expect(((await invoke('amazon.titan-embed-text-v1', { inputText: 'hello' })) as { embedding: number[] }).embedding).toHaveLength(1536);
  });

  it('writes every vector dense and as floats: no component 0, a point or an exponent in each, as Python reads floats', async () => {
    const cases: [string, object][] = [
      ['amazon.titan-embed-text-v2:0', { inputText: 'hello' }],
      ['amazon.titan-embed-text-v2:0', { inputText: 'hello', dimensions: 256, normalize: false, embeddingTypes: ['float', 'binary'] }],
      ['amazon.titan-embed-text-v1', { inputText: 'hello' }],
      ['cohere.embed-english-v3', { texts: ['hello', 'hello world'], input_type: 'search_query' }],
      ['cohere.embed-v4:0', { texts: ['hello'], input_type: 'search_document', embedding_types: ['float', 'int8'] }],
    ];
    for (const [modelId, body] of cases) {
      const response = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }));
      const text = new TextDecoder().decode(response.body);
      // The float arrays as written: Titan's `embedding` and `float`, Cohere's `embeddings` (floats) or its `float` by type.
      const written = [...text.matchAll(/"(?:embedding|float|embeddings)":\[\[?([^\]]*)\]/g)].map((match) => match[1]?.split(',') ?? []);
      expect(written.length, modelId).toBeGreaterThan(0);
      for (const values of written) {
        expect(values.length, modelId).toBeGreaterThanOrEqual(256);
        expect(values.filter((value) => !/[.e]/.test(value)), modelId).toEqual([]);
        expect(values.filter((value) => Number(value) === 0), modelId).toEqual([]);
      }
    }
    const titanHello = (await titan('hello')) as { embedding: number[]; embeddingsByType: { float: number[] } };
    expect(titanHello.embedding.filter((value) => value !== 0)).toHaveLength(1024);
    const typed = (await invoke('cohere.embed-v4:0', { texts: ['hello'], input_type: 'search_document', embedding_types: ['int8', 'binary'] })) as { embeddings: { int8: number[][]; binary: number[][] } };
    expect(typed.embeddings.int8[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127)).toBe(true);
    expect(new Set(typed.embeddings.int8[0]).size).toBeGreaterThan(20);
    expect(typed.embeddings.binary[0]).toHaveLength(1536 / 8);
  });

  it('Cohere Embed v3: one 1,024-dimension vector per text, by type when asked', async () => {
    const response = (await invoke('cohere.embed-english-v3', { texts: ['first text', 'second text'], input_type: 'search_document' })) as { embeddings: number[][]; response_type: string; texts: string[] };
    expect(response.response_type).toBe('embeddings_floats');
    expect(response.embeddings.map((vector) => vector.length)).toEqual([1024, 1024]);
    expect(response.texts).toEqual(['first text', 'second text']);
    const typed = (await invoke('cohere.embed-multilingual-v3', { texts: ['hola'], input_type: 'search_query', embedding_types: ['float', 'int8'] })) as { embeddings: { float: number[][]; int8: number[][] }; response_type: string };
    expect(typed.response_type).toBe('embeddings_by_type');
    expect(typed.embeddings.int8[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127)).toBe(true);
    await expect(invoke('cohere.embed-english-v3', { texts: ['x'] })).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers InvokeModel only: a stream or Converse on an embeddings model is refused as Bedrock refuses it', async () => {
    await expect(stream('amazon.titan-embed-text-v2:0', { inputText: 'hello' })).rejects.toMatchObject({ name: 'ValidationException', message: 'The model is unsupported for streaming.' });
    await expect(client.send(new ConverseCommand({ modelId: 'cohere.embed-english-v3', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    });
  });
});

describe('the families’ frames, decoded with @smithy/eventstream-codec over HTTP/1.1 (as boto3 would read them)', () => {
  it.each([
    ['us.meta.llama3-3-70b-instruct-v1:0', { prompt: 'capital of France?' }, (event: Record<string, unknown>) => event.generation],
    ['mistral.mixtral-8x7b-instruct-v0:1', { prompt: '[INST] capital of France? [/INST]' }, (event: Record<string, unknown>) => (event.outputs as { text: string }[])[0]?.text],
    ['cohere.command-r-v1:0', { message: 'capital of France?' }, (event: Record<string, unknown>) => event.text],
  ])('%s: chunk frames with Bedrock headers, the text as cut', async (modelId, body, textOf) => {
    const response = await fetch(`${server.url}/model/${modelId}/invoke-with-response-stream`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-bedrock-content-type')).toBe('application/json');
    const messages = await readEventStream(response.body as ReadableStream<Uint8Array>, performance.now());
    expect(messages.every((message) => message.headers[':event-type'] === 'chunk' && message.headers[':message-type'] === 'event')).toBe(true);
    expect(messages.map((message) => textOf(chunkEvent(message))).filter((text) => text !== undefined && text !== '')).toEqual(answer);
  });
});
