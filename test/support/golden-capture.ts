import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { Emulator, EmulatorOptions } from '../../src/emulator/create-emulator.ts';
import type { Fixture } from '../../src/core/fixtures/fixture.ts';
import type { GuardrailDefinition } from '../../src/emulator/guardrails/guardrail-schema.ts';

/*
 * The golden capture: what a user sees of the emulator — status, headers and
 * decoded bodies of a fixed list of requests over every API, then the
 * journal — with only the random and wall-clock values replaced by
 * placeholders. It takes the emulator's two entry points as parameters so
 * that the same capture runs against an older tree of the sources (to make
 * test/samples/golden-capture.json) and against this one (to compare).
 */

/** The two functions the capture needs, wherever the tree keeps them. */
export type CreateEmulator = (options: EmulatorOptions) => Pick<Emulator, 'fetch' | 'calls'>;
export type DefineFixtures = (definitions: unknown, label?: string) => Fixture[];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One request of the capture, as sent. */
type CaptureRequest = {
  readonly name: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as its JSON; a string as it is (a body that is not JSON). */
  readonly body: object | string;
};

/** Each request with what came back, then the journal; normalized. */
export type GoldenCapture = { exchanges: Json; journal: Json };

const claude = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const nova = 'us.amazon.nova-pro-v1:0';
const titanText = 'amazon.titan-text-premier-v1:0';
const llama = 'us.meta.llama3-3-70b-instruct-v1:0';
const mistralPrompt = 'mistral.mixtral-8x7b-instruct-v0:1';
const mistralChat = 'mistral.mistral-large-2407-v1:0';
const commandR = 'cohere.command-r-plus-v1:0';
const deepSeek = 'us.deepseek.r1-v1:0';
const gptOss = 'openai.gpt-oss-120b-1:0';

const policy = 'Returns are accepted for 30 days. Refunds take 5 business days to arrive.';

const fixtureDefinitions = [
  { name: 'capital', match: { lastUserMessage: 'capital of France' }, response: { text: 'The capital of France is Paris, a city on the Seine known for its museums.' }, timing: { seed: 7 } },
  {
    name: 'weather-tool',
    match: { lastUserMessage: 'weather in Paris' },
    response: { content: [{ text: 'Let me check the weather.' }, { toolUse: { name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } } }] },
  },
  { name: 'after-tool', match: { toolResult: { name: 'get_weather' } }, response: { text: 'It is 18 °C and sunny in Paris.' } },
  {
    name: 'fixed-tool-id',
    match: { lastUserMessage: 'look up the time' },
    response: { content: [{ toolUse: { name: 'get_time', id: 'tooluse_fixed_1', input: { zone: 'Europe/Paris' } } }] },
  },
  {
    name: 'thinker',
    match: { lastUserMessage: 'think first' },
    response: { content: [{ reasoning: { text: 'Two and two make four; the user wants the sum.', signature: 'EqQBCkgIARABGAIiQL' } }, { text: 'It is 4.' }] },
  },
  {
    name: 'citations',
    match: { lastUserMessage: 'refund' },
    response: { content: [{ text: 'According to the policy, ' }, { text: 'refunds take 5 business days', citations: [{ document: 0, quote: 'Refunds take 5 business days to arrive.' }] }, { text: '.' }] },
  },
  { name: 'throttled', match: { lastUserMessage: 'throttle me' }, response: { error: { type: 'ThrottlingException' } } },
  {
    name: 'breaks',
    match: { lastUserMessage: 'break mid-stream' },
    response: { text: 'This answer breaks off after a few words.', streamError: { type: 'modelStreamErrorException', afterChunks: 3, originalStatusCode: 500, originalMessage: 'boom' } },
  },
  { name: 'leaks-email', match: { lastUserMessage: 'contact' }, response: { text: 'Write to help@example.com about your order.' } },
  { name: 'counted', match: { lastUserMessage: 'exact usage' }, response: { text: ['Exactly', ' as', ' written.'], stopReason: 'max_tokens', usage: { inputTokens: 42, outputTokens: 3 } } },
];

const guardrails: GuardrailDefinition[] = [
  {
    id: 'golden1',
    versions: ['DRAFT', 1],
    blockedInputMessaging: 'Sorry, I cannot help with that request.',
    blockedOutputsMessaging: 'Sorry, the answer was withheld.',
    topicPolicy: { topics: [{ name: 'Investment advice', definition: 'Recommendations on investing money.', keywords: ['stock tips'] }] },
    sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] },
  },
];

const claudeBody = (content: unknown, extra: object = {}): object => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, messages: [{ role: 'user', content }], ...extra });
const converseUser = (...content: object[]): object => ({ role: 'user', content });
const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };
const weatherTool = { name: 'get_weather', description: 'The weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const converseWeatherTool = { toolSpec: { name: 'get_weather', description: 'The weather in a city', inputSchema: { json: weatherTool.input_schema } } };
const claudeDocument = { type: 'document', title: 'policy', source: { type: 'text', media_type: 'text/plain', data: policy }, citations: { enabled: true } };
const converseDocument = { document: { format: 'txt', name: 'policy', source: { bytes: Buffer.from(policy).toString('base64') }, citations: { enabled: true } } };
const guardrailConfig = { guardrailIdentifier: 'golden1', guardrailVersion: 'DRAFT', trace: 'enabled' };
const anthropicVersion = { 'anthropic-version': '2023-06-01' };
const llamaPrompt = (text: string): string => `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${text}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`;

const invoke = (model: string, name: string, body: object | string, headers?: Record<string, string>): CaptureRequest[] => [
  { name: `InvokeModel ${name}`, path: `/model/${model}/invoke`, body, ...(headers === undefined ? {} : { headers }) },
  { name: `InvokeModelWithResponseStream ${name}`, path: `/model/${model}/invoke-with-response-stream`, body, ...(headers === undefined ? {} : { headers }) },
];
const converse = (model: string, name: string, body: object): CaptureRequest[] => [
  { name: `Converse ${name}`, path: `/model/${model}/converse`, body },
  { name: `ConverseStream ${name}`, path: `/model/${model}/converse-stream`, body },
];

/** The requests, in order: each operation and family, their main variants, then the failures. */
const requests: readonly CaptureRequest[] = [
  ...invoke(claude, 'Claude text', claudeBody('What is the capital of France?', { system: 'Be exact.' })),
  ...invoke(claude, 'Claude tool use', claudeBody('What is the weather in Paris?', { tools: [weatherTool] })),
  ...invoke(
    claude,
    'Claude tool result',
    {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 1000,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_given_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_given_1', content: '18 °C, sunny' }] },
      ],
    },
  ),
  ...invoke(sonnet, 'Claude reasoning', claudeBody('Please think first: 2 + 2?', thinking)),
  ...invoke(sonnet, 'Claude citations', claudeBody([claudeDocument, { type: 'text', text: 'How long does a refund take?' }])),
  ...invoke(claude, 'Claude fixed usage and stop reason', claudeBody('Give me the exact usage.')),
  ...invoke(nova, 'Nova text', { schemaVersion: 'messages-v1', system: [{ text: 'Be exact.' }], messages: [converseUser({ text: 'capital of France?' })], inferenceConfig: { maxTokens: 200 } }),
  ...invoke(nova, 'Nova tool use', { messages: [converseUser({ text: 'weather in Paris' })], toolConfig: { tools: [converseWeatherTool] } }),
  ...invoke(titanText, 'Titan Text', { inputText: 'User: capital of France?\nBot:', textGenerationConfig: { maxTokenCount: 100 } }),
  ...invoke(llama, 'Llama', { prompt: llamaPrompt('capital of France?'), max_gen_len: 256 }),
  ...invoke(mistralPrompt, 'Mistral prompt', { prompt: '<s>[INST] capital of France? [/INST]', max_tokens: 100 }),
  ...invoke(mistralChat, 'Mistral chat', { messages: [{ role: 'user', content: 'capital of France?' }], max_tokens: 100 }),
  ...invoke(commandR, 'Cohere Command R', { message: 'capital of France?', chat_history: [{ role: 'USER', message: 'Hi' }, { role: 'CHATBOT', message: 'Hello!' }], preamble: 'Be exact.' }),
  ...invoke(deepSeek, 'DeepSeek R1', { prompt: '<｜begin▁of▁sentence｜><｜User｜>think first<｜Assistant｜><think>\n', max_tokens: 500 }),
  ...invoke(gptOss, 'gpt-oss', { messages: [{ role: 'user', content: 'capital of France?' }], max_completion_tokens: 200 }),
  { name: 'InvokeModel Titan Embeddings V2', path: '/model/amazon.titan-embed-text-v2:0/invoke', body: { inputText: 'The cat sat on the mat.', dimensions: 256 } },
  { name: 'InvokeModel Cohere Embed v4', path: '/model/cohere.embed-v4:0/invoke', body: { texts: ['The cat sat on the mat.'], input_type: 'search_document', output_dimension: 256, embedding_types: ['int8'] } },
  ...converse(claude, 'text', { system: [{ text: 'Be exact.' }], messages: [converseUser({ text: 'What is the capital of France?' })], inferenceConfig: { maxTokens: 300 } }),
  ...converse(claude, 'tool use', { messages: [converseUser({ text: 'What is the weather in Paris?' })], toolConfig: { tools: [converseWeatherTool] } }),
  ...converse(claude, 'fixed tool id', { messages: [converseUser({ text: 'Please look up the time.' })], toolConfig: { tools: [{ toolSpec: { name: 'get_time', inputSchema: { json: { type: 'object' } } } }] } }),
  ...converse(sonnet, 'reasoning', { messages: [converseUser({ text: 'Please think first: 2 + 2?' })], additionalModelRequestFields: thinking }),
  ...converse(sonnet, 'citations', { messages: [converseUser(converseDocument, { text: 'How long does a refund take?' })] }),
  ...converse(claude, 'guardrail blocks the input', { messages: [converseUser({ text: 'Any stock tips?' })], guardrailConfig }),
  ...converse(claude, 'guardrail masks the output', { messages: [converseUser({ text: 'Who do I contact?' })], guardrailConfig }),
  ...converse(nova, 'Nova', { messages: [converseUser({ text: 'capital of France?' })] }),
  { name: 'CountTokens (converse)', path: `/model/${claude}/count-tokens`, body: { input: { converse: { system: [{ text: 'Be exact.' }], messages: [converseUser({ text: 'What is the capital of France?' })] } } } },
  { name: 'CountTokens (invokeModel)', path: `/model/${claude}/count-tokens`, body: { input: { invokeModel: { body: Buffer.from(JSON.stringify(claudeBody('What is the capital of France?'))).toString('base64') } } } },
  { name: 'Anthropic count_tokens', path: '/anthropic/v1/messages/count_tokens', headers: anthropicVersion, body: { model: sonnet, messages: [{ role: 'user', content: 'What is the capital of France?' }] } },
  { name: 'Chat Completions whole', path: '/openai/v1/chat/completions', body: { model: gptOss, messages: [{ role: 'user', content: 'capital of France?' }] } },
  { name: 'Chat Completions streamed', path: '/openai/v1/chat/completions', body: { model: gptOss, messages: [{ role: 'user', content: 'capital of France?' }], stream: true, stream_options: { include_usage: true } } },
  {
    name: 'Chat Completions tool call (Mantle path)',
    path: '/v1/chat/completions',
    body: { model: gptOss, messages: [{ role: 'user', content: 'weather in Paris' }], tools: [{ type: 'function', function: { name: 'get_weather', parameters: weatherTool.input_schema } }] },
  },
  { name: 'Responses whole', path: '/openai/v1/responses', body: { model: gptOss, input: 'capital of France?', instructions: 'Be exact.' } },
  { name: 'Responses streamed with reasoning (Mantle path)', path: '/v1/responses', body: { model: gptOss, input: 'think first', stream: true } },
  { name: 'Anthropic Messages whole', path: '/anthropic/v1/messages', headers: anthropicVersion, body: { model: sonnet, max_tokens: 2000, messages: [{ role: 'user', content: 'Please think first' }], ...thinking } },
  { name: 'Anthropic Messages streamed', path: '/anthropic/v1/messages', headers: anthropicVersion, body: { model: sonnet, max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'weather in Paris' }], stream: true } },
  { name: 'ApplyGuardrail input blocked', path: '/guardrail/golden1/version/DRAFT/apply', body: { source: 'INPUT', content: [{ text: { text: 'Any stock tips?' } }] } },
  { name: 'ApplyGuardrail output masked', path: '/guardrail/golden1/version/1/apply', body: { source: 'OUTPUT', content: [{ text: { text: 'Mail ana@example.com' } }], outputScope: 'FULL' } },
  ...invoke(claude, 'guardrail headers', claudeBody('Who do I contact?'), { 'X-Amzn-Bedrock-GuardrailIdentifier': 'golden1', 'X-Amzn-Bedrock-GuardrailVersion': 'DRAFT', 'X-Amzn-Bedrock-Trace': 'ENABLED' }),
  // Failures.
  ...invoke(claude, 'body not JSON (ValidationException)', '{"anthropic_version": '),
  { name: 'Converse without messages (ValidationException)', path: `/model/${claude}/converse`, body: { inferenceConfig: { maxTokens: 10 } } },
  { name: 'Chat Completions without messages', path: '/openai/v1/chat/completions', body: { model: gptOss } },
  { name: 'Anthropic Messages without anthropic-version', path: '/anthropic/v1/messages', body: { model: sonnet, max_tokens: 5, messages: [{ role: 'user', content: 'hello' }] } },
  ...invoke('acme.unknown-model-v1:0', 'unknown model', claudeBody('hello')),
  { name: 'unknown operation', path: `/model/${claude}/invoke-sideways`, body: {} },
  ...invoke(claude, 'fixture error (ThrottlingException)', claudeBody('Please throttle me')),
  ...converse(claude, 'fixture error (ThrottlingException)', { messages: [converseUser({ text: 'Please throttle me' })] }),
  { name: 'Chat Completions fixture error (ThrottlingException)', path: '/openai/v1/chat/completions', body: { model: gptOss, messages: [{ role: 'user', content: 'Please throttle me' }] } },
  ...invoke(claude, 'streamError', claudeBody('Now break mid-stream')),
  ...converse(claude, 'streamError', { messages: [converseUser({ text: 'Now break mid-stream' })] }),
  { name: 'Chat Completions streamed, streamError', path: '/openai/v1/chat/completions', body: { model: gptOss, messages: [{ role: 'user', content: 'Now break mid-stream' }], stream: true } },
  { name: 'Responses streamed, streamError', path: '/openai/v1/responses', body: { model: gptOss, input: 'Now break mid-stream', stream: true } },
  { name: 'Anthropic Messages streamed, streamError', path: '/anthropic/v1/messages', headers: anthropicVersion, body: { model: sonnet, max_tokens: 200, messages: [{ role: 'user', content: 'Now break mid-stream' }], stream: true } },
  ...invoke(claude, 'unmatched (default policy)', claudeBody('Something no fixture knows about.')),
  ...converse(claude, 'unmatched (default policy)', { messages: [converseUser({ text: 'Something no fixture knows about.' })] }),
];

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Where the capture made from the sources before the restructure is kept. */
export const goldenCaptureFile = new URL('../samples/golden-capture.json', import.meta.url);

/**
 * Runs the capture: one emulator in process (no sockets), the fixed
 * fixtures and guardrail, `timeScale: 0`, every request in turn, then the
 * journal; normalized (see `normalize`).
 *
 * @example
 * const capture = await captureGolden(createEmulator, defineFixtures);
 */
export async function captureGolden(createEmulator: CreateEmulator, defineFixtures: DefineFixtures): Promise<GoldenCapture> {
  const emulator = createEmulator({ fixtures: defineFixtures(fixtureDefinitions, 'golden'), timeScale: 0, unmatched: 'default', guardrails });
  const exchanges: Json[] = [];
  for (const request of requests) {
    const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const headers = { 'content-type': 'application/json', ...request.headers };
    const response = await emulator.fetch(new Request(`http://localhost${request.path}`, { method: 'POST', headers, body }));
    exchanges.push({ name: request.name, request: { path: request.path, headers, body: toJson(request.body) }, response: await readResponse(response) });
  }
  // A call settles as its body ends; let the journal see the last one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // One normalizer for both, so a response's request id and its journal record keep the same placeholder.
  const normalize = createNormalizer();
  return { exchanges: normalize(exchanges), journal: normalize(toJson(emulator.calls())) };
}

async function readResponse(response: Response): Promise<Json> {
  const headers = Object.fromEntries(response.headers.entries());
  const contentType = response.headers.get('content-type') ?? '';
  const bytes = new Uint8Array(await response.arrayBuffer());
  let body: Json;
  if (contentType.startsWith('application/vnd.amazon.eventstream')) body = decodeEventStream(bytes);
  else if (contentType.startsWith('text/event-stream')) body = splitServerSentEvents(new TextDecoder().decode(bytes));
  else body = parseJsonOrText(new TextDecoder().decode(bytes));
  return { status: response.status, headers, body };
}

/** Each message as the AWS SDK decodes it (both CRCs checked): headers in wire order, the JSON payload, a chunk's `bytes` as the JSON they carry. */
function decodeEventStream(bytes: Uint8Array): Json[] {
  const messages: Json[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    offset += length;
    const headers = Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, header.type === 'string' ? header.value : { type: header.type, value: String(header.value) }]));
    const payload = parseJsonOrText(toUtf8(message.body));
    const chunkBytes = isObject(payload) ? payload['bytes'] : undefined;
    if (isObject(payload) && typeof chunkBytes === 'string') payload['bytes'] = parseJsonOrText(Buffer.from(chunkBytes, 'base64').toString('utf8'));
    messages.push({ headers, payload });
  }
  return messages;
}

/** Server-sent events as a client splits them: each event's fields, `data` parsed when it is JSON. */
function splitServerSentEvents(text: string): Json[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const event: Record<string, Json> = {};
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        event[field] = field === 'data' ? parseJsonOrText(value) : value;
      }
      return event;
    });
}

function parseJsonOrText(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as JSON, except that a key present with `undefined` stays visible (as `<undefined>`). */
function toJson(value: unknown): Json {
  if (value === undefined) return '<undefined>';
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return { uint8Array: Buffer.from(value).toString('base64') };
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  throw new Error(`golden capture: cannot write ${Object.prototype.toString.call(value)} as JSON`);
}

/** Values that differ run to run by design, matched anywhere in a string: each distinct one gets a numbered placeholder, so equal ids stay equal. */
const randomTokens: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'uuid', pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g },
  { kind: 'msg_bdrk', pattern: /(?<![A-Za-z0-9_])msg_bdrk_01[A-Za-z0-9]{22}(?![A-Za-z0-9])/g },
  { kind: 'toolu_bdrk', pattern: /(?<![A-Za-z0-9_])toolu_bdrk_01[A-Za-z0-9]{22}(?![A-Za-z0-9])/g },
  { kind: 'tooluse', pattern: /(?<![A-Za-z0-9_])tooluse_[A-Za-z0-9]{22}(?![A-Za-z0-9])/g },
  { kind: 'chatcmpl', pattern: /(?<![A-Za-z0-9_])chatcmpl-[A-Za-z0-9]{29}(?![A-Za-z0-9])/g },
  { kind: 'call', pattern: /(?<![A-Za-z0-9_])call_[A-Za-z0-9]{24}(?![A-Za-z0-9])/g },
  { kind: 'responses-item', pattern: /(?<![A-Za-z0-9_])(?:resp|rs|msg|fc)_[A-Za-z0-9]{48}(?![A-Za-z0-9])/g },
];
const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Keys whose values are wall-clock: epoch seconds, or elapsed milliseconds. */
const epochKeys = new Set(['created', 'created_at', 'completed_at']);
const elapsedKey = /latency|^(?:atMs|firstByteMs|durationMs|elapsedMs)$/i;

/**
 * Replaces what is random or wall-clock by placeholders: ids (numbered in
 * order of first appearance, across every value it is given), ISO times,
 * epoch `created` values and elapsed milliseconds. Everything else is kept
 * exactly.
 */
function createNormalizer(): (value: Json) => Json {
  const seen = new Map<string, string>();
  const counts = new Map<string, number>();
  const placeholder = (kind: string, token: string): string => {
    const known = seen.get(token);
    if (known !== undefined) return known;
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    const fresh = `<${kind}#${count}>`;
    seen.set(token, fresh);
    return fresh;
  };
  const normalizeString = (text: string): string => randomTokens.reduce((result, { kind, pattern }) => result.replace(pattern, (token) => placeholder(kind, token)), text.replace(isoTime, '<iso-time>'));
  const walk = (item: Json, key: string | undefined): Json => {
    if (key !== undefined && item !== null && typeof item !== 'object' && item !== '<undefined>') {
      if (epochKeys.has(key) && typeof item === 'number') return '<epoch-seconds>';
      if (elapsedKey.test(key) && (typeof item === 'number' || /^\d+$/.test(String(item)))) return '<elapsed-ms>';
    }
    if (typeof item === 'string') return normalizeString(item);
    if (Array.isArray(item)) return item.map((element) => walk(element, undefined));
    if (isObject(item)) return Object.fromEntries(Object.entries(item).map(([name, element]) => [name, walk(element, name)]));
    return item;
  };
  return (value) => walk(value, undefined);
}

/**
 * The capture as the file holds it: JSON indented by two, except that a
 * value whose JSON fits in 100 characters, or an array of plain values (an
 * embedding), stays on one line.
 *
 * @example
 * writeFileSync(goldenCaptureFile, formatGolden(await captureGolden(createEmulator, defineFixtures)));
 */
export function formatGolden(capture: GoldenCapture): string {
  const format = (value: Json, indent: string): string => {
    const compact = JSON.stringify(value);
    if (value === null || typeof value !== 'object' || compact.length <= 100 || (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))) return compact;
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      return `[\n${value.map((item) => `${inner}${format(item, inner)}`).join(',\n')}\n${indent}]`;
    }
    return `{\n${Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${format(item, inner)}`).join(',\n')}\n${indent}}`;
  };
  return `${format(capture, '')}\n`;
}
