import { httpFaultNames, streamFaultTypes } from '../core/errors/exception-catalog.ts';
import type { FixtureCitation, FixtureContentBlock, FixtureDefinition, FixtureMatch, FixtureResponse, StopReason } from '../core/fixtures/fixture-schema.ts';
import { stopReasons } from '../core/fixtures/fixture-schema.ts';
import { lastToolResults, lastUserMessageText, userTurn, type BedrockGeneratingOperation, type NormalizedRequest } from '../core/fixtures/request.ts';
import { summarizeGaps } from './summarize-gaps.ts';
import { tryParseJson } from '../core/fixtures/try-parse-json.ts';

/**
 * One message as it arrived, when (ms after the request): an event-stream
 * message with its headers, or a server-sent event (`:sse` set, its name as
 * `:event-type`, its data as the body).
 */
export type RecordedMessage = { readonly atMs: number; readonly headers: Readonly<Record<string, string>>; readonly body: Uint8Array };

/** The calls the recorder writes fixtures for: Bedrock's generating routes and the compatible APIs'. */
export type RecordableOperation = BedrockGeneratingOperation | 'ChatCompletions' | 'Responses' | 'AnthropicMessages';

/** A call as the recorder saw it pass: the request, parsed, and what came back, timed. */
export type RecordedExchange = {
  readonly operation: RecordableOperation;
  readonly request: NormalizedRequest;
  readonly status: number;
  /** The response's `x-amzn-ErrorType`, when it has one. */
  readonly errorType: string | undefined;
  /** A whole (not streamed) answer or an error's body, parsed. */
  readonly body: unknown;
  /** A streamed answer's messages, in order. */
  readonly messages: readonly RecordedMessage[];
  /** ms from the request to the response (its head for a stream, its whole body otherwise). */
  readonly latencyMs: number;
};

/** What a recorded fixture matches on (`--match-by`). */
export const matchFields = ['model', 'last-user-message', 'system', 'operation', 'turn', 'tools'] as const;
export type MatchField = (typeof matchFields)[number];

export type FixtureFromExchangeOptions = {
  readonly matchBy: readonly MatchField[];
  /** Keep every gap between deltas (`timing.deltaGapsMs`) instead of their interval and jitter. */
  readonly exactTiming: boolean;
  /** The fixture's name. */
  readonly name: string;
};

export type RecordedFixture = { readonly kind: 'fixture'; readonly fixture: FixtureDefinition } | { readonly kind: 'skipped'; readonly reason: string };

/**
 * A recorded call as a fixture that replays it: a matcher built from the
 * request, the answer as content blocks with their deltas cut as they came,
 * stop reason and usage as reported, the timing measured on the way (time
 * to first token, then the gaps summarized, or kept exactly), and errors and
 * mid-stream exceptions as faults. A refusal that is not the model's answer
 * (a credential problem, an unknown route) is skipped, with the reason.
 *
 * @example
 * const recorded = fixtureFromExchange(exchange, { matchBy: ['model', 'last-user-message'], exactTiming: false, name: 'hello' });
 */
export function fixtureFromExchange(exchange: RecordedExchange, options: FixtureFromExchangeOptions): RecordedFixture {
  const match = matchOf(exchange, options.matchBy);
  if (exchange.status >= 400) {
    const body = (exchange.body ?? {}) as Record<string, unknown>;
    // The compatible APIs name no Bedrock exception: their status says which.
    const type = (exchange.errorType ?? '').split(':')[0] || (compatible(exchange.operation) ? (exceptionByStatus[exchange.status] ?? '') : '');
    const nested = (body.error ?? {}) as Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : typeof nested.message === 'string' ? nested.message : undefined;
    if (!(httpFaultNames as readonly string[]).includes(type)) {
      return { kind: 'skipped', reason: `Bedrock answered ${exchange.status} ${type || '(no error type)'}${message === undefined ? '' : `: ${message}`}; that is not a model's answer, so it is not recorded` };
    }
    const members = Object.fromEntries(['originalStatusCode', 'originalMessage', 'resourceName'].filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
    const error = { type, ...(message === undefined ? {} : { message }), ...members, afterMs: Math.round(exchange.latencyMs) } as FixtureResponse['error'];
    return { kind: 'fixture', fixture: { name: options.name, match, response: { error } } };
  }
  const answer = exchange.messages.length > 0 || exchange.operation.endsWith('Stream') ? readStream(exchange) : readWhole(exchange);
  if (answer.blocks.length === 0 && answer.streamError === undefined) return { kind: 'skipped', reason: 'the answer had no content block the fixture format can hold' };
  const response: Record<string, unknown> = {};
  const [only] = answer.blocks;
  if (only === undefined) response.text = [''];
  else if (answer.blocks.length === 1 && only.kind === 'text' && only.citations.length === 0) response.text = deltasOf(only.deltas);
  else response.content = answer.blocks.map(toContentBlock);
  if (answer.stopReason !== undefined) response.stopReason = answer.stopReason;
  if (answer.usage.inputTokens !== undefined || answer.usage.outputTokens !== undefined) response.usage = answer.usage;
  if (answer.streamError !== undefined) response.streamError = answer.streamError;
  return { kind: 'fixture', fixture: { name: options.name, match, response: response, timing: timingOf(answer, exchange, options.exactTiming) } };
}

type RecordedBlock =
  | { kind: 'text'; deltas: string[]; citations: FixtureCitation[] }
  | { kind: 'redactedReasoning'; data: string }
  | { kind: 'toolResult'; toolUseId: string | undefined; type: string | undefined; status: 'success' | 'error' | undefined; content: ({ text: string } | { json: unknown })[] }
  | { kind: 'image'; format: ImageFormat; data: string }
  | { kind: 'toolUse'; id: string | undefined; name: string; json: string; input: Record<string, unknown> | undefined }
  | { kind: 'reasoning'; deltas: string[]; signature: string | undefined };

type Answer = {
  blocks: RecordedBlock[];
  stopReason: StopReason | undefined;
  usage: { inputTokens?: number; outputTokens?: number };
  /** When each delta arrived (ms after the request), in order. */
  deltaTimes: number[];
  streamError: { type: string; message?: string; afterChunks: number } | undefined;
};

const decoder = new TextDecoder();

const compatible = (operation: RecordableOperation): boolean => operation === 'ChatCompletions' || operation === 'Responses' || operation === 'AnthropicMessages';

/** The Bedrock exception an HTTP status stands for, on the compatible APIs (whose errors keep Bedrock's statuses). */
const exceptionByStatus: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** A stream's `error` event as the exception frame it stands for. */
function sseErrorType(payload: Record<string, unknown>): string {
  const error = (payload.error ?? payload) as Record<string, unknown>;
  const code = `${typeof error.code === 'string' ? error.code : ''} ${typeof error.type === 'string' ? error.type : ''}`;
  if (/rate_limit/.test(code)) return 'throttlingException';
  if (/overloaded|service_unavailable/.test(code)) return 'serviceUnavailableException';
  if (/timeout/.test(code)) return 'modelTimeoutException';
  return /model_error/.test(code) ? 'modelStreamErrorException' : 'internalServerException';
}

/** Chat Completions' finish reasons as the fixture's stop reasons. */
const fromFinishReason: Readonly<Record<string, StopReason>> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'content_filtered' };

function readStream(exchange: RecordedExchange): Answer {
  const answer: Answer = { blocks: [], stopReason: undefined, usage: {}, deltaTimes: [], streamError: undefined };
  const byIndex = new Map<number, RecordedBlock>();
  const blockAt = (index: number, make: () => RecordedBlock): RecordedBlock => {
    const known = byIndex.get(index);
    if (known !== undefined) return known;
    const made = make();
    byIndex.set(index, made);
    answer.blocks.push(made);
    return made;
  };
  let events = 0;
  for (const message of exchange.messages) {
    if (answer.streamError !== undefined) break;
    const text = decoder.decode(message.body);
    if (message.headers[':sse'] !== undefined && text.trim() === '[DONE]') continue;
    const payload = tryParseJson(text) as Record<string, unknown> | undefined;
    if (message.headers[':sse'] !== undefined && payload !== undefined && (message.headers[':event-type'] === 'error' || payload.type === 'error' || payload.error !== undefined)) {
      const error = (payload.error ?? payload) as Record<string, unknown>;
      answer.streamError = { type: sseErrorType(payload), ...(typeof error.message === 'string' ? { message: error.message } : {}), afterChunks: events };
      break;
    }
    if (message.headers[':message-type'] === 'exception') {
      const type = message.headers[':exception-type'] ?? '';
      const text = typeof payload?.message === 'string' ? payload.message : undefined;
      if ((streamFaultTypes as readonly string[]).includes(type)) answer.streamError = { type, ...(text === undefined ? {} : { message: text }), afterChunks: events };
      break;
    }
    events += 1;
    const eventType = message.headers[':event-type'] ?? '';
    if (payload === undefined) continue;
    if (message.headers[':sse'] !== undefined) {
      if (exchange.operation === 'ChatCompletions') readChatChunk(payload, message.atMs, answer, blockAt);
      else if (exchange.operation === 'Responses') readResponsesEvent(payload, message.atMs, answer, blockAt);
      else readClaudeEvent(payload, message.atMs, answer, blockAt);
    } else if (eventType === 'chunk') {
      // InvokeModelWithResponseStream: the model's own event, base64 in `bytes` (Claude's Messages stream).
      const bytes = typeof payload.bytes === 'string' ? Uint8Array.from(atob(payload.bytes), (character) => character.charCodeAt(0)) : undefined;
      const event = bytes === undefined ? undefined : (tryParseJson(decoder.decode(bytes)) as Record<string, unknown> | undefined);
      if (event !== undefined) readClaudeEvent(event, message.atMs, answer, blockAt);
    } else {
      readConverseEvent(eventType, payload, message.atMs, answer, blockAt);
    }
  }
  return answer;
}

type BlockAt = (index: number, make: () => RecordedBlock) => RecordedBlock;

/** Block slots of the SSE APIs that number no blocks: text and reasoning get fixed slots, tool calls theirs. */
const textSlot = -1;
const reasoningSlot = -2;

/** A Chat Completions chunk: `choices[0].delta` (content, reasoning_content, tool_calls), `finish_reason`, `usage`. */
function readChatChunk(chunk: Record<string, unknown>, atMs: number, answer: Answer, blockAt: BlockAt): void {
  const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as Record<string, unknown> | undefined;
  const delta = (choice?.delta ?? {}) as Record<string, unknown>;
  if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') addText(blockAt(reasoningSlot, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.reasoning_content, atMs, answer);
  if (typeof delta.content === 'string' && delta.content !== '') addText(blockAt(textSlot, () => ({ kind: 'text', deltas: [], citations: [] })), delta.content, atMs, answer);
  for (const call of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Record<string, unknown>[]) : []) {
    const fn = (call.function ?? {}) as Record<string, unknown>;
    const block = blockAt(typeof call.index === 'number' ? call.index : 0, () => ({ kind: 'toolUse', id: stringOr(call.id), name: textOf(fn.name), json: '', input: undefined }));
    if (typeof fn.arguments === 'string' && fn.arguments !== '') addJson(block, fn.arguments, atMs, answer);
  }
  if (typeof choice?.finish_reason === 'string') answer.stopReason = fromFinishReason[choice.finish_reason] ?? 'end_turn';
  const usage = (chunk.usage ?? {}) as Record<string, unknown>;
  if (typeof usage.prompt_tokens === 'number') answer.usage.inputTokens = usage.prompt_tokens;
  if (typeof usage.completion_tokens === 'number') answer.usage.outputTokens = usage.completion_tokens;
}

/** A Responses API event: text, reasoning and function-call argument deltas by output index; the usage at the end. */
function readResponsesEvent(event: Record<string, unknown>, atMs: number, answer: Answer, blockAt: BlockAt): void {
  const index = typeof event.output_index === 'number' ? event.output_index : 0;
  const item = (event.item ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'response.output_item.added':
      if (item.type === 'function_call') blockAt(index, () => ({ kind: 'toolUse', id: stringOr(item.call_id), name: textOf(item.name), json: '', input: undefined }));
      return;
    case 'response.output_text.delta':
      if (typeof event.delta === 'string') addText(blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), event.delta, atMs, answer);
      return;
    case 'response.reasoning_text.delta':
      if (typeof event.delta === 'string') addText(blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), event.delta, atMs, answer);
      return;
    case 'response.function_call_arguments.delta':
      if (typeof event.delta === 'string') addJson(blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), event.delta, atMs, answer);
      return;
    case 'response.completed':
    case 'response.incomplete': {
      const response = (event.response ?? {}) as Record<string, unknown>;
      readResponseEnd(response, answer);
      return;
    }
    default:
      return;
  }
}

/** A response object's stop and usage: incomplete is a cut at the token limit; a function call is a tool use. */
function readResponseEnd(response: Record<string, unknown>, answer: Answer): void {
  const output = Array.isArray(response.output) ? (response.output as Record<string, unknown>[]) : [];
  answer.stopReason = response.status === 'incomplete' ? 'max_tokens' : output.some((entry) => entry.type === 'function_call') ? 'tool_use' : 'end_turn';
  const usage = (response.usage ?? {}) as Record<string, unknown>;
  if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
  if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
}

function readClaudeEvent(event: Record<string, unknown>, atMs: number, answer: Answer, blockAt: BlockAt): void {
  const index = typeof event.index === 'number' ? event.index : 0;
  switch (event.type) {
    case 'message_start': {
      const usage = ((event.message as Record<string, unknown> | undefined)?.usage ?? {}) as Record<string, unknown>;
      if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
      return;
    }
    case 'content_block_start': {
      const block = (event.content_block ?? {}) as Record<string, unknown>;
      if (block.type === 'tool_use') blockAt(index, () => ({ kind: 'toolUse', id: stringOr(block.id), name: textOf(block.name), json: '', input: undefined }));
      else if (block.type === 'thinking') blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined }));
      else if (block.type === 'text') blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] }));
      else if (block.type === 'redacted_thinking' && typeof block.data === 'string') addRedacted(blockAt(index, () => ({ kind: 'redactedReasoning', data: '' })), block.data, atMs, answer);
      return;
    }
    case 'content_block_delta': {
      const delta = (event.delta ?? {}) as Record<string, unknown>;
      if (delta.type === 'text_delta' && typeof delta.text === 'string') addText(blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), delta.text, atMs, answer);
      else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') addJson(blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), delta.partial_json, atMs, answer);
      else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') addText(blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.thinking, atMs, answer);
      else if (delta.type === 'signature_delta' && typeof delta.signature === 'string') addSignature(blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.signature, atMs, answer);
      else if (delta.type === 'citations_delta') addCitations(blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), claudeCitations([delta.citation]));
      return;
    }
    case 'message_delta': {
      const stop = ((event.delta ?? {}) as Record<string, unknown>).stop_reason;
      if (isStopReason(stop)) answer.stopReason = stop;
      const usage = (event.usage ?? {}) as Record<string, unknown>;
      if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
      return;
    }
    default:
      return;
  }
}

function readConverseEvent(eventType: string, payload: Record<string, unknown>, atMs: number, answer: Answer, blockAt: BlockAt): void {
  const index = typeof payload.contentBlockIndex === 'number' ? payload.contentBlockIndex : 0;
  switch (eventType) {
    case 'contentBlockStart': {
      const start = (payload.start ?? {}) as Record<string, Record<string, unknown> | undefined>;
      const { toolUse, toolResult, image } = start;
      if (toolUse !== undefined) blockAt(index, () => ({ kind: 'toolUse', id: stringOr(toolUse.toolUseId), name: textOf(toolUse.name), json: '', input: undefined }));
      else if (toolResult !== undefined) blockAt(index, () => ({ kind: 'toolResult', ...toolResultStart(toolResult), content: [] }));
      else if (image !== undefined && isImageFormat(image.format)) blockAt(index, () => ({ kind: 'image', format: image.format as ImageFormat, data: '' }));
      return;
    }
    case 'contentBlockDelta': {
      const delta = (payload.delta ?? {}) as Record<string, unknown>;
      const toolUse = delta.toolUse as Record<string, unknown> | undefined;
      const reasoning = delta.reasoningContent as Record<string, unknown> | undefined;
      if (typeof delta.text === 'string') addText(blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), delta.text, atMs, answer);
      else if (typeof toolUse?.input === 'string') addJson(blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), toolUse.input, atMs, answer);
      else if (typeof reasoning?.text === 'string') addText(blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), reasoning.text, atMs, answer);
      else if (typeof reasoning?.signature === 'string') addSignature(blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), reasoning.signature, atMs, answer);
      else if (typeof reasoning?.redactedContent === 'string') addRedacted(blockAt(index, () => ({ kind: 'redactedReasoning', data: '' })), reasoning.redactedContent, atMs, answer);
      else if (delta.citation !== undefined) addCitations(blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), converseCitations([delta.citation]));
      else if (Array.isArray(delta.toolResult)) addToolResultParts(blockAt(index, () => ({ kind: 'toolResult', toolUseId: undefined, type: undefined, status: undefined, content: [] })), delta.toolResult as unknown[], atMs, answer);
      else if (typeof ((delta.image as Record<string, unknown> | undefined)?.source as Record<string, unknown> | undefined)?.bytes === 'string') {
        // An image's format comes in its contentBlockStart, which Bedrock always sends first; without one, png is assumed.
        addImageBytes(blockAt(index, () => ({ kind: 'image', format: 'png', data: '' })), String(((delta.image as Record<string, unknown>).source as Record<string, unknown>).bytes), atMs, answer);
      }
      return;
    }
    case 'messageStop':
      if (isStopReason(payload.stopReason)) answer.stopReason = payload.stopReason;
      return;
    case 'metadata': {
      const usage = (payload.usage ?? {}) as Record<string, unknown>;
      if (typeof usage.inputTokens === 'number') answer.usage.inputTokens = usage.inputTokens;
      if (typeof usage.outputTokens === 'number') answer.usage.outputTokens = usage.outputTokens;
      return;
    }
    default:
      return;
  }
}

function addText(block: RecordedBlock, text: string, atMs: number, answer: Answer): void {
  if (block.kind !== 'text' && block.kind !== 'reasoning') return;
  block.deltas.push(text);
  answer.deltaTimes.push(atMs);
}

function addJson(block: RecordedBlock, json: string, atMs: number, answer: Answer): void {
  if (block.kind !== 'toolUse') return;
  block.json += json;
  answer.deltaTimes.push(atMs);
}

type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
const isImageFormat = (value: unknown): value is ImageFormat => value === 'png' || value === 'jpeg' || value === 'gif' || value === 'webp';

function toolResultStart(start: Record<string, unknown>): { toolUseId: string | undefined; type: string | undefined; status: 'success' | 'error' | undefined } {
  return { toolUseId: stringOr(start.toolUseId), type: stringOr(start.type), status: start.status === 'success' || start.status === 'error' ? start.status : undefined };
}

/** Tool result parts as the fixture holds them: text, or JSON; others (images, documents) are not kept. */
function toolResultParts(parts: readonly unknown[]): ({ text: string } | { json: unknown })[] {
  return parts.flatMap((value): ({ text: string } | { json: unknown })[] => {
    const part = (value ?? {}) as Record<string, unknown>;
    if (typeof part.text === 'string') return [{ text: part.text }];
    return part.json === undefined ? [] : [{ json: part.json }];
  });
}

/** Each tool result delta is one step of the timeline (the planner sends a part per delta). */
function addToolResultParts(block: RecordedBlock, parts: readonly unknown[], atMs: number, answer: Answer): void {
  if (block.kind !== 'toolResult') return;
  for (const part of toolResultParts(parts)) {
    block.content.push(part);
    answer.deltaTimes.push(atMs);
  }
}

function addImageBytes(block: RecordedBlock, bytes: string, atMs: number, answer: Answer): void {
  if (block.kind !== 'image') return;
  block.data += bytes;
  answer.deltaTimes.push(atMs);
}

/** Redacted reasoning comes whole (Claude's block start, one Converse delta): one step of the timeline. */
function addRedacted(block: RecordedBlock, data: string, atMs: number, answer: Answer): void {
  if (block.kind !== 'redactedReasoning') return;
  block.data += data;
  answer.deltaTimes.push(atMs);
}

/** Citations ride on their text block; they take no step of the timeline (the planner sends them with the text's start). */
function addCitations(block: RecordedBlock, citations: readonly FixtureCitation[]): void {
  if (block.kind === 'text') block.citations.push(...citations);
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * Claude's citations as the fixture's: the document by its index, the
 * quote, and the location exactly as recorded (characters, pages, blocks).
 */
function claudeCitations(citations: unknown): FixtureCitation[] {
  if (!Array.isArray(citations)) return [];
  return (citations as unknown[]).flatMap((value): FixtureCitation[] => {
    const citation = (value ?? {}) as Record<string, unknown>;
    const document = numberOr(citation.document_index, 0);
    const quote = textOf(citation.cited_text);
    if (quote === '') return [];
    const span = (start: unknown, end: unknown) => ({ start: numberOr(start, 0), end: numberOr(end, 0) });
    switch (citation.type) {
      case 'char_location':
        return [{ document, quote, location: { char: span(citation.start_char_index, citation.end_char_index) } }];
      case 'page_location':
        return [{ document, quote, location: { page: { start: Math.max(1, numberOr(citation.start_page_number, 1)), end: Math.max(1, numberOr(citation.end_page_number, 1)) } } }];
      case 'content_block_location':
        return [{ document, quote, location: { chunk: span(citation.start_block_index, citation.end_block_index) } }];
      default:
        // Web search and search-result citations point at no request document: not kept.
        return [];
    }
  });
}

/** Converse's citations (CitationsDelta, Citation) as the fixture's: the location's documentIndex, the source text, the location. */
function converseCitations(citations: unknown): FixtureCitation[] {
  if (!Array.isArray(citations)) return [];
  return (citations as unknown[]).flatMap((value): FixtureCitation[] => {
    const citation = (value ?? {}) as Record<string, unknown>;
    const quote = (Array.isArray(citation.sourceContent) ? (citation.sourceContent as Record<string, unknown>[]) : []).map((part) => textOf(part.text)).join('');
    const location = (citation.location ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const members = [
      ['documentChar', 'char'],
      ['documentPage', 'page'],
      ['documentChunk', 'chunk'],
    ] as const;
    for (const [member, kind] of members) {
      const at = location[member];
      if (at === undefined || quote === '') continue;
      const start = numberOr(at.start, kind === 'page' ? 1 : 0);
      const end = numberOr(at.end, start);
      const span = kind === 'page' ? { start: Math.max(1, start), end: Math.max(1, end) } : { start, end };
      const located: NonNullable<FixtureCitation['location']> = kind === 'char' ? { char: span } : kind === 'page' ? { page: span } : { chunk: span };
      return [{ document: numberOr(at.documentIndex, 0), quote, location: located }];
    }
    return [];
  });
}

/** A Converse citationsContent block as a text block with its citations. */
function citedText(block: Record<string, unknown>): RecordedBlock {
  const content = Array.isArray(block.content) ? (block.content as Record<string, unknown>[]) : [];
  return { kind: 'text', deltas: [content.map((part) => textOf(part.text)).join('')], citations: converseCitations(block.citations) };
}

function addSignature(block: RecordedBlock, signature: string, atMs: number, answer: Answer): void {
  if (block.kind !== 'reasoning') return;
  block.signature = (block.signature ?? '') + signature;
  answer.deltaTimes.push(atMs);
}

/** A whole answer: Claude's Messages body (InvokeModel) or Converse's `output.message`. */
function readWhole(exchange: RecordedExchange): Answer {
  const answer: Answer = { blocks: [], stopReason: undefined, usage: {}, deltaTimes: [], streamError: undefined };
  const body = (exchange.body ?? {}) as Record<string, unknown>;
  if (exchange.operation === 'ChatCompletions') {
    const choice = (Array.isArray(body.choices) ? body.choices[0] : {}) as Record<string, unknown>;
    const message = (choice.message ?? {}) as Record<string, unknown>;
    if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') answer.blocks.push({ kind: 'reasoning', deltas: [message.reasoning_content], signature: undefined });
    if (typeof message.content === 'string' && message.content !== '') answer.blocks.push({ kind: 'text', deltas: [message.content], citations: [] });
    for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as Record<string, unknown>[]) : []) {
      const fn = (call.function ?? {}) as Record<string, unknown>;
      answer.blocks.push({ kind: 'toolUse', id: stringOr(call.id), name: textOf(fn.name), json: typeof fn.arguments === 'string' ? fn.arguments : '', input: undefined });
    }
    answer.stopReason = typeof choice.finish_reason === 'string' ? (fromFinishReason[choice.finish_reason] ?? 'end_turn') : undefined;
    const usage = (body.usage ?? {}) as Record<string, unknown>;
    if (typeof usage.prompt_tokens === 'number') answer.usage.inputTokens = usage.prompt_tokens;
    if (typeof usage.completion_tokens === 'number') answer.usage.outputTokens = usage.completion_tokens;
    return answer;
  }
  if (exchange.operation === 'Responses') {
    for (const item of Array.isArray(body.output) ? (body.output as Record<string, unknown>[]) : []) {
      const parts = Array.isArray(item.content) ? (item.content as Record<string, unknown>[]) : [];
      const text = parts.map((part) => textOf(part.text)).join('');
      if (item.type === 'message') answer.blocks.push({ kind: 'text', deltas: [text], citations: [] });
      else if (item.type === 'reasoning') answer.blocks.push({ kind: 'reasoning', deltas: [text], signature: undefined });
      else if (item.type === 'function_call') answer.blocks.push({ kind: 'toolUse', id: stringOr(item.call_id), name: textOf(item.name), json: textOf(item.arguments), input: undefined });
    }
    readResponseEnd(body, answer);
    return answer;
  }
  if (exchange.operation === 'Converse') {
    const content = ((((body.output ?? {}) as Record<string, unknown>).message ?? {}) as Record<string, unknown>).content;
    for (const part of Array.isArray(content) ? (content as Record<string, unknown>[]) : []) {
      const toolUse = part.toolUse as Record<string, unknown> | undefined;
      const reasoning = ((part.reasoningContent ?? {}) as Record<string, unknown>).reasoningText as Record<string, unknown> | undefined;
      if (typeof part.text === 'string') answer.blocks.push({ kind: 'text', deltas: [part.text], citations: [] });
      else if (toolUse !== undefined) answer.blocks.push({ kind: 'toolUse', id: stringOr(toolUse.toolUseId), name: textOf(toolUse.name), json: '', input: objectOr(toolUse.input) });
      else if (typeof reasoning?.text === 'string') answer.blocks.push({ kind: 'reasoning', deltas: [reasoning.text], signature: stringOr(reasoning.signature) });
      else if (typeof (part.reasoningContent as Record<string, unknown> | undefined)?.redactedContent === 'string') answer.blocks.push({ kind: 'redactedReasoning', data: String((part.reasoningContent as Record<string, unknown>).redactedContent) });
      else if (part.citationsContent !== undefined) answer.blocks.push(citedText(part.citationsContent as Record<string, unknown>));
      else if (part.toolResult !== undefined) {
        const result = part.toolResult as Record<string, unknown>;
        answer.blocks.push({ kind: 'toolResult', ...toolResultStart(result), content: toolResultParts(Array.isArray(result.content) ? (result.content as unknown[]) : []) });
      } else if (part.image !== undefined) {
        const image = part.image as Record<string, unknown>;
        const bytes = ((image.source ?? {}) as Record<string, unknown>).bytes;
        if (isImageFormat(image.format) && typeof bytes === 'string') answer.blocks.push({ kind: 'image', format: image.format, data: bytes });
      }
    }
    if (isStopReason(body.stopReason)) answer.stopReason = body.stopReason;
    const usage = (body.usage ?? {}) as Record<string, unknown>;
    if (typeof usage.inputTokens === 'number') answer.usage.inputTokens = usage.inputTokens;
    if (typeof usage.outputTokens === 'number') answer.usage.outputTokens = usage.outputTokens;
    return answer;
  }
  for (const part of Array.isArray(body.content) ? (body.content as Record<string, unknown>[]) : []) {
    if (part.type === 'text' && typeof part.text === 'string') answer.blocks.push({ kind: 'text', deltas: [part.text], citations: claudeCitations(part.citations) });
    else if (part.type === 'redacted_thinking' && typeof part.data === 'string') answer.blocks.push({ kind: 'redactedReasoning', data: part.data });
    else if (part.type === 'tool_use') answer.blocks.push({ kind: 'toolUse', id: stringOr(part.id), name: textOf(part.name), json: '', input: objectOr(part.input) });
    else if (part.type === 'thinking' && typeof part.thinking === 'string') answer.blocks.push({ kind: 'reasoning', deltas: [part.thinking], signature: stringOr(part.signature) });
  }
  if (isStopReason(body.stop_reason)) answer.stopReason = body.stop_reason;
  const usage = (body.usage ?? {}) as Record<string, unknown>;
  if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
  if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
  return answer;
}

function toContentBlock(block: RecordedBlock): FixtureContentBlock {
  switch (block.kind) {
    case 'text':
      return block.citations.length === 0 ? { text: deltasOf(block.deltas) } : { text: deltasOf(block.deltas), citations: block.citations };
    case 'redactedReasoning':
      return { redactedReasoning: block.data };
    case 'toolResult':
      return {
        toolResult: {
          ...(block.toolUseId === undefined ? {} : { toolUseId: block.toolUseId }),
          ...(block.type === undefined ? {} : { type: block.type }),
          ...(block.status === undefined ? {} : { status: block.status }),
          content: block.content.length === 0 ? [{ text: '' }] : block.content,
        },
      };
    case 'image':
      return { image: { format: block.format, data: block.data } };
    case 'reasoning':
      return { reasoning: { text: deltasOf(block.deltas), ...(block.signature === undefined ? {} : { signature: block.signature }) } };
    case 'toolUse':
      return { toolUse: { name: block.name, ...(block.id === undefined ? {} : { id: block.id }), input: block.input ?? objectOr(tryParseJson(block.json === '' ? '{}' : block.json)) ?? {} } };
  }
}

/** The deltas as they came (a list keeps the cut); one empty delta stays a list so it is still exact. */
function deltasOf(deltas: readonly string[]): string[] {
  return deltas.length === 0 ? [''] : [...deltas];
}

/** The first delta's time, then the gaps between deltas: summarized as interval and jitter, or kept. */
function timingOf(answer: Answer, exchange: RecordedExchange, exact: boolean): FixtureDefinition['timing'] {
  const times = answer.deltaTimes;
  const first = times[0];
  if (first === undefined) return { timeToFirstTokenMs: Math.round(exchange.latencyMs), deltaIntervalMs: 0, jitterMs: 0 };
  const gaps = times.slice(1).map((time, index) => Math.max(0, time - (times[index] ?? time)));
  if (exact && gaps.length > 0) return { timeToFirstTokenMs: Math.round(first), deltaGapsMs: gaps.map((gap) => Math.round(gap * 10) / 10) };
  const { intervalMs, jitterMs } = summarizeGaps(gaps);
  return { timeToFirstTokenMs: Math.round(first), deltaIntervalMs: intervalMs, jitterMs };
}

function matchOf(exchange: RecordedExchange, fields: readonly MatchField[]): FixtureMatch {
  const { request } = exchange;
  const match: Record<string, unknown> = {};
  for (const field of fields) {
    switch (field) {
      case 'model':
        match.model = request.model.base;
        break;
      case 'last-user-message': {
        const text = lastUserMessageText(request);
        if (text !== '') match.lastUserMessage = { equals: text };
        else {
          // A turn that only answers tool calls: match the tool it answers, and the turn.
          const name = lastToolResults(request).find((result) => result.name !== undefined)?.name;
          if (name !== undefined) match.toolResult = { name };
          match.turn = userTurn(request);
        }
        break;
      }
      case 'system':
        if (request.system !== '') match.system = { equals: request.system };
        break;
      case 'operation':
        match.operation = exchange.operation;
        break;
      case 'turn':
        match.turn = userTurn(request);
        break;
      case 'tools':
        if (request.tools.length > 0) match.tools = request.tools.map((tool) => tool.name);
        break;
    }
  }
  return match;
}

const isStopReason = (value: unknown): value is StopReason => typeof value === 'string' && (stopReasons as readonly string[]).includes(value);
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const objectOr = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
