import type { BedrockException } from '../../core/errors/bedrock-exception.ts';

/** OpenAI's error object: `{"error": {"message", "type", "param", "code"}}`. */
type OpenAIErrorBody = { readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null } };

/**
 * The `type` and `code` OpenAI's clients expect for each exception, by the
 * status Bedrock gives it (the OpenAI-compatible endpoints keep Bedrock's
 * statuses: a throttled call is still a 429).
 */
const byName: Readonly<Record<string, { type: string; code: string | null }>> = {
  ValidationException: { type: 'invalid_request_error', code: null },
  AccessDeniedException: { type: 'permission_error', code: null },
  UnrecognizedClientException: { type: 'authentication_error', code: 'invalid_api_key' },
  InvalidSignatureException: { type: 'authentication_error', code: 'invalid_signature' },
  IncompleteSignatureException: { type: 'authentication_error', code: 'invalid_signature' },
  ExpiredTokenException: { type: 'authentication_error', code: 'expired_token' },
  MissingAuthenticationTokenException: { type: 'authentication_error', code: 'missing_api_key' },
  ResourceNotFoundException: { type: 'invalid_request_error', code: 'model_not_found' },
  NoFixtureMatchedException: { type: 'invalid_request_error', code: 'no_fixture_matched' },
  UnknownOperationException: { type: 'invalid_request_error', code: 'unknown_url' },
  ModelTimeoutException: { type: 'timeout_error', code: 'model_timeout' },
  ModelErrorException: { type: 'api_error', code: 'model_error' },
  ModelStreamErrorException: { type: 'api_error', code: 'model_error' },
  ModelNotReadyException: { type: 'api_error', code: 'model_not_ready' },
  ThrottlingException: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  ServiceQuotaExceededException: { type: 'rate_limit_error', code: 'quota_exceeded' },
  InternalServerException: { type: 'api_error', code: 'internal_error' },
  ServiceUnavailableException: { type: 'api_error', code: 'service_unavailable' },
};

/**
 * An exception as OpenAI's error object. A parameter and code the exception
 * names (a request that fails validation) are kept.
 *
 * @example
 * openAIErrorBody(new BedrockException('ThrottlingException', 'Too many requests')) // { error: { type: 'rate_limit_error', … } }
 */
export function openAIErrorBody(exception: BedrockException): OpenAIErrorBody {
  const known = byName[exception.name] ?? { type: 'api_error', code: null };
  const param = typeof exception.members.param === 'string' && exception.members.param !== '' ? exception.members.param : null;
  const code = typeof exception.members.code === 'string' && exception.members.code !== '' ? exception.members.code : known.code;
  return { error: { message: exception.message, type: known.type, param, code } };
}

const encoder = new TextEncoder();

/** One server-sent event with a JSON (or `[DONE]`) payload: `data: …\n\n`. */
export function encodeSseData(data: object | string): Uint8Array {
  return encoder.encode(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** One named server-sent event: `event: <name>` then its JSON (the Responses API names every event). */
export function encodeSseEvent(name: string, data: object): Uint8Array {
  return encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The Responses API's stream error event: `{"type": "error", "code", "message", "param"}`. */
export function responsesErrorEvent(exception: BedrockException): object {
  const { error } = openAIErrorBody(exception);
  return { type: 'error', code: error.code, message: error.message, param: error.param };
}
