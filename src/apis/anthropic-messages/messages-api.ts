import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import type { AnthropicStreamEvent } from '../invoke-model/claude/stream-events.ts';

/**
 * Anthropic's own Messages API, as Bedrock's Mantle endpoint serves it at
 * `/anthropic/v1/messages`: the body names the `model` and asks to `stream`;
 * the version is the `anthropic-version` header; answers stream as
 * server-sent events named by their type; errors are Anthropic's.
 */

/** The `model` of a Messages body (read first: it decides the family). */
export function messagesModelOf(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BedrockException('ValidationException', 'The request body must be a JSON object.');
  const model = (body as Record<string, unknown>).model;
  if (typeof model !== 'string' || model === '') throw new BedrockException('ValidationException', 'model: Field required');
  return model;
}

/** The body as Bedrock's Claude parser reads it: the header's version in the body, `model` and `stream` out. */
export function asBedrockClaudeBody(body: Record<string, unknown>, anthropicVersion: string): Record<string, unknown> {
  const { model: _model, stream: _stream, ...rest } = body;
  return { anthropic_version: anthropicVersion, ...rest };
}

/** Bedrock's `amazon-bedrock-invocationMetrics` belong to InvokeModel's chunks, not to Anthropic's own API. */
export function withoutBedrockMetrics(event: AnthropicStreamEvent): AnthropicStreamEvent | { readonly type: 'message_stop' } {
  return event.type === 'message_stop' ? { type: 'message_stop' } : event;
}

const encoder = new TextEncoder();

/** One event as Anthropic streams it: `event: <type>` then its JSON. */
export function encodeNamedEvent(event: { readonly type: string }): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Anthropic's error types, by the status Bedrock gives an exception. */
function errorTypeOf(exception: BedrockException): string {
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException', 'ExpiredTokenException', 'MissingAuthenticationTokenException'].includes(exception.name)) return 'authentication_error';
  switch (exception.status) {
    case 400:
      return 'invalid_request_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 408:
      return 'timeout_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

/** `{"type": "error", "error": {"type", "message"}}`, Anthropic's error body (and its stream's `error` event). */
export function anthropicErrorBody(exception: BedrockException): { readonly type: 'error'; readonly error: { readonly type: string; readonly message: string } } {
  return { type: 'error', error: { type: errorTypeOf(exception), message: exception.message } };
}
