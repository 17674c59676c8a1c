import { httpFaultNames, streamFaultTypes } from '../core/errors/exception-catalog.ts';
import type { FixtureDefinition, FixtureMatch, FixtureResponse } from '../core/fixtures/fixture-schema.ts';
import { lastToolResults, lastUserMessageText, offeredToolNames, userTurn, type BedrockGeneratingOperation, type NormalizedRequest } from '../core/fixtures/request.ts';
import { summarizeGaps } from './summarize-gaps.ts';
import { tryParseJson } from '../core/fixtures/try-parse-json.ts';
import { createAnswerBuilder, deltasOf, toContentBlock, type RecordedAnswer, type RecordedReader } from '../core/recording/recorded-answer.ts';
import { recordingOf } from '../apis/registry.ts';

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

/** The reader of an operation's answers: its API's, from the registry. */
function readerOf(operation: RecordableOperation): RecordedReader {
  const recording = recordingOf(operation);
  if (recording === undefined) throw new Error(`${operation} is not recorded`);
  return recording.answer;
}

/**
 * A streamed answer, message by message: an exception frame or an `error`
 * event ends it (a fault, when the fixture format has it); `[DONE]` is
 * skipped; every other message goes to the API's reader.
 */
function readStream(exchange: RecordedExchange): RecordedAnswer {
  const builder = createAnswerBuilder();
  const { answer } = builder;
  const reader = readerOf(exchange.operation);
  let events = 0;
  for (const message of exchange.messages) {
    const text = decoder.decode(message.body);
    const sse = message.headers[':sse'] !== undefined;
    if (sse && text.trim() === '[DONE]') continue;
    const payload = tryParseJson(text) as Record<string, unknown> | undefined;
    if (sse && payload !== undefined && (message.headers[':event-type'] === 'error' || payload.type === 'error' || payload.error !== undefined)) {
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
    if (payload !== undefined) reader.readEvent(message.headers[':event-type'] ?? '', payload, message.atMs, builder);
  }
  return answer;
}

/** A whole answer, read by its API's reader. */
function readWhole(exchange: RecordedExchange): RecordedAnswer {
  const builder = createAnswerBuilder();
  readerOf(exchange.operation).readBody((exchange.body ?? {}) as Record<string, unknown>, builder);
  return builder.answer;
}

/** The first delta's time, then the gaps between deltas: summarized as interval and jitter, or kept. */
function timingOf(answer: RecordedAnswer, exchange: RecordedExchange, exact: boolean): FixtureDefinition['timing'] {
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
      case 'tools': {
        // The tools offered when the model answered: a tool removed mid-conversation is not matched on.
        const offered = offeredToolNames(request);
        if (offered.length > 0) match.tools = offered;
        break;
      }
    }
  }
  return match;
}
