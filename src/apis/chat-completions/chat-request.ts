import { z } from 'zod';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { forcedToolOf, type NormalizedContent, type NormalizedMessage, type ParsedRequest } from '../../core/fixtures/request.ts';
import type { ModelId } from '../model-ids/model-id.ts';
import { tryParseJson } from '../../core/fixtures/try-parse-json.ts';
import { imageContent } from '../../core/planning/media-content.ts';

/**
 * The Chat Completions body (OpenAI's `POST /v1/chat/completions`, as
 * Bedrock serves it): what the emulator reads, checked. Fields it does not
 * read (temperature, seed, logprobs…) pass unchecked, as sampling does not
 * change a fixture's answer.
 */
const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.array(z.union([textPart, otherPart]))]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content }),
  z.looseObject({ role: z.literal('developer'), content }),
  z.looseObject({ role: z.literal('user'), content }),
  z.looseObject({ role: z.literal('assistant'), content: content.nullish(), tool_calls: z.array(toolCall).optional(), reasoning_content: z.string().nullish() }),
  z.looseObject({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});

const chatCompletionsSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.int().min(1).nullish(),
  max_completion_tokens: z.int().min(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.int().min(1).nullish(),
  tools: z.array(tool).optional(),
  tool_choice: z.unknown().optional(),
  reasoning_effort: z.string().nullish(),
});

/** What else a Chat Completions call asks for, beyond the request fixtures see. */
type ChatOptions = { readonly stream: boolean; readonly includeUsage: boolean; readonly model: string };

/** An invalid request, in OpenAI's words: the message, the parameter it is about, a code. */
export function invalidRequest(message: string, param: string | null, code: string | null = null): BedrockException {
  return new BedrockException('ValidationException', message, { param: param ?? '', code: code ?? '' });
}

/**
 * The `model` of a Chat Completions body, read first: it decides the model
 * family before the rest is checked.
 *
 * @example
 * chatModelOf({ model: 'openai.gpt-oss-120b-1:0', messages: [] }) // 'openai.gpt-oss-120b-1:0'
 */
export function chatModelOf(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.', null);
  const model = (body as Record<string, unknown>).model;
  if (model === undefined || model === null) throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (typeof model !== 'string' || model === '') throw invalidRequest(`Invalid type for 'model': expected a non-empty string.`, 'model', 'invalid_type');
  return model;
}

/**
 * Checks a Chat Completions body and normalizes it for fixture matching: the
 * system and developer messages become the system prompt, tool calls and
 * tool results become tool_use and tool_result content, consecutive tool
 * messages one user turn (as Converse holds them).
 *
 * @example
 * parseChatCompletionsRequest({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true }, model)
 */
export function parseChatCompletionsRequest(body: unknown, model: ModelId): { request: ParsedRequest; options: ChatOptions } {
  const result = chatCompletionsSchema.safeParse(body);
  if (!result.success) throw invalidRequestFrom(result.error.issues);
  const chat = result.data;
  if ((chat.n ?? 1) !== 1) throw invalidRequest('bedrock-emulator answers with one choice: n must be 1.', 'n', 'invalid_value');
  const system: string[] = [];
  const messages: NormalizedMessage[] = [];
  for (const entry of chat.messages) {
    switch (entry.role) {
      case 'system':
      case 'developer':
        system.push(textOf(entry.content));
        break;
      case 'user':
        messages.push({ role: 'user', content: partsOf(entry.content) });
        break;
      case 'assistant': {
        const parts: NormalizedContent[] = [];
        if (entry.reasoning_content) parts.push({ kind: 'reasoning', text: entry.reasoning_content });
        if (entry.content !== undefined && entry.content !== null) parts.push(...partsOf(entry.content));
        for (const call of entry.tool_calls ?? []) parts.push({ kind: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
        messages.push({ role: 'assistant', content: parts });
        break;
      }
      case 'tool': {
        const result_: NormalizedContent = { kind: 'tool_result', toolUseId: entry.tool_call_id, text: textOf(entry.content), isError: false };
        const last = messages.at(-1);
        // Tool results answering one assistant turn are one user turn, as in Converse.
        if (last?.role === 'user' && last.content.every((part) => part.kind === 'tool_result')) messages[messages.length - 1] = { role: 'user', content: [...last.content, result_] };
        else messages.push({ role: 'user', content: [result_] });
        break;
      }
    }
  }
  const stop = chat.stop ?? [];
  return {
    request: {
      operation: 'ChatCompletions',
      model: { raw: model.raw, base: model.base },
      system: system.join('\n'),
      messages,
      maxTokens: chat.max_completion_tokens ?? chat.max_tokens ?? undefined,
      stopSequences: typeof stop === 'string' ? [stop] : stop,
      tools: (chat.tools ?? []).map((entry) => ({ name: entry.function.name, description: entry.function.description ?? '', inputSchema: entry.function.parameters ?? {} })),
      thinking: chat.reasoning_effort !== undefined && chat.reasoning_effort !== null,
      forcedTool: forcedToolOf(chat.tool_choice),
    },
    options: { stream: chat.stream === true, includeUsage: chat.stream_options?.include_usage === true, model: chat.model },
  };
}

/** A part of an OpenAI message that carries text: `text` (Chat Completions), `input_text` / `output_text` (Responses). */
const textPartTypes = new Set(['text', 'input_text', 'output_text']);
type MessageContent = string | readonly { readonly type: string; readonly text?: unknown }[];

/** A message's text: the string, or its text parts joined by newlines. */
export function textOf(value: MessageContent): string {
  if (typeof value === 'string') return value;
  return value.flatMap((part) => (textPartTypes.has(part.type) && typeof part.text === 'string' ? [part.text] : [])).join('\n');
}

/** A message's parts as fixtures see them: text, images (sized from a data URL's bytes), and the other kinds by name. */
export function partsOf(value: MessageContent): NormalizedContent[] {
  if (typeof value === 'string') return [{ kind: 'text', text: value }];
  return value.map((part): NormalizedContent => {
    if (textPartTypes.has(part.type) && typeof part.text === 'string') return { kind: 'text', text: part.text };
    if (part.type === 'image_url' || part.type === 'input_image') return imageOfUrl((part as { readonly image_url?: unknown }).image_url);
    return { kind: 'other', type: part.type };
  });
}

/**
 * An image part's URL — Chat Completions' `image_url.url`, Responses'
 * `image_url` — as the token estimate sees it: a `data:image/…;base64,`
 * URL's bytes are sized; a web URL is not fetched.
 */
function imageOfUrl(imageUrl: unknown): NormalizedContent {
  const url = typeof imageUrl === 'string' ? imageUrl : (imageUrl as { readonly url?: unknown } | null | undefined)?.url;
  const prefix = typeof url === 'string' ? /^data:image\/([\w.+-]+);base64,/.exec(url.slice(0, 64)) : null;
  return typeof url === 'string' && prefix !== null ? imageContent(prefix[1] ?? 'unknown', url.slice(prefix[0].length)) : imageContent('url', undefined);
}

/** Tool-call arguments are a JSON text; one that is not JSON is kept as the text it is. */
export function parseArguments(text: string): unknown {
  return tryParseJson(text) ?? text;
}

/** A body's first schema problem, in OpenAI's words: a missing or an invalid parameter, named. */
export function invalidRequestFrom(issues: readonly z.core.$ZodIssue[]): BedrockException {
  const [issue] = issues;
  const param = formatParam(issue?.path ?? []);
  const missing = issue?.code === 'invalid_type' && (issue.input === undefined || issue.input === null);
  return invalidRequest(missing ? `Missing required parameter: '${param}'.` : `Invalid value for '${param}': ${issue?.message ?? 'invalid'}.`, param, missing ? 'missing_required_parameter' : 'invalid_value');
}

/** `['messages', 0, 'role']` → `messages[0].role`, as OpenAI names a parameter. */
function formatParam(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`), '');
}
