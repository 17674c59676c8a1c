import { cookieFault, headerFault, isFinalStatus } from '../host/sendable-metadata.ts';

/** An HTTP answer a gateway sends: status, headers in order (repeats kept), body. */
export type GatewayAnswer = { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: Uint8Array };

/** What a proxy integration's result maps to: an answer, or a result API Gateway cannot use (its 502). */
export type MappedResult = { readonly kind: 'answer'; readonly answer: GatewayAnswer } | { readonly kind: 'malformed'; readonly reason: string };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * A Lambda proxy result (payload format 1.0, REST APIs) mapped as API Gateway
 * maps it: `statusCode` (required), `headers` and `multiValueHeaders` merged
 * (a name in both takes the multi-value list), `body` a string (base64 when
 * `isBase64Encoded`). Anything else is a malformed result, which API Gateway
 * answers with 502. Pure.
 *
 * @example
 * mapRestResult(new TextEncoder().encode('{"statusCode":201,"body":"ok"}'))
 */
export function mapRestResult(payload: Uint8Array): MappedResult {
  const result = parseObject(payload);
  if (typeof result === 'string') return { kind: 'malformed', reason: result };
  const status = statusOf(result['statusCode']);
  if (status === undefined) return { kind: 'malformed', reason: 'statusCode must be a final HTTP status code (200 to 599)' };
  const headers = headersOf(result['headers'], result['multiValueHeaders']);
  if (typeof headers === 'string') return { kind: 'malformed', reason: headers };
  const body = bodyOf(result['body'], result['isBase64Encoded']);
  if (typeof body === 'string') return { kind: 'malformed', reason: body };
  return { kind: 'answer', answer: { status, headers, body } };
}

/**
 * An HTTP API's Lambda result (payload format 2.0) mapped as API Gateway
 * maps it: an object with `statusCode` gives status, headers, cookies and
 * body; any other JSON value is a 200 `application/json` body of that JSON
 * (a string as it is). Pure.
 *
 * @example
 * mapHttpApiResult(new TextEncoder().encode('"hello"')) // 200, body hello
 */
export function mapHttpApiResult(payload: Uint8Array): MappedResult {
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(payload)) as unknown;
  } catch {
    return { kind: 'malformed', reason: 'the function result is not JSON' };
  }
  const inferred = (body: string): MappedResult => ({ kind: 'answer', answer: { status: 200, headers: [['content-type', 'application/json']], body: textEncoder.encode(body) } });
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('statusCode' in value)) {
    return inferred(typeof value === 'string' ? value : JSON.stringify(value));
  }
  const result = value as Record<string, unknown>;
  const status = statusOf(result['statusCode']);
  if (status === undefined) return { kind: 'malformed', reason: 'statusCode must be a final HTTP status code (200 to 599)' };
  const headers = headersOf(result['headers'], undefined);
  if (typeof headers === 'string') return { kind: 'malformed', reason: headers };
  const cookies = cookiesOf(result['cookies']);
  if (typeof cookies === 'string') return { kind: 'malformed', reason: cookies };
  const body = bodyOf(result['body'], result['isBase64Encoded']);
  if (typeof body === 'string') return { kind: 'malformed', reason: body };
  return { kind: 'answer', answer: { status, headers: [...headers, ...cookies], body } };
}

/**
 * Streaming metadata (REST `STREAM` mode): the JSON before the 8-NUL
 * delimiter, `statusCode` (default 200), `headers`, `multiValueHeaders`,
 * `cookies`. Pure.
 *
 * @example
 * mapStreamMetadata('{"statusCode":200,"headers":{"Content-Type":"text/plain"}}')
 */
export function mapStreamMetadata(text: string): { readonly status: number; readonly headers: readonly (readonly [string, string])[] } | { readonly reason: string } {
  const result = parseObject(textEncoder.encode(text));
  if (typeof result === 'string') return { reason: result };
  const status = result['statusCode'] === undefined ? 200 : statusOf(result['statusCode']);
  if (status === undefined) return { reason: 'statusCode must be a final HTTP status code (200 to 599)' };
  const headers = headersOf(result['headers'], result['multiValueHeaders']);
  if (typeof headers === 'string') return { reason: headers };
  const cookies = cookiesOf(result['cookies']);
  if (typeof cookies === 'string') return { reason: cookies };
  return { status, headers: [...headers, ...cookies] };
}

function parseObject(payload: Uint8Array): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(payload)) as unknown;
  } catch {
    return 'the function result is not JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the function result is not a JSON object';
  return value as Record<string, unknown>;
}

/** A status a response can have (a 1xx would leave the client waiting for another): else the result is malformed. */
function statusOf(value: unknown): number | undefined {
  const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return isFinalStatus(status) ? status : undefined;
}

/** Each cookie as one `Set-Cookie`, or why one cannot be sent. */
function cookiesOf(value: unknown): (readonly [string, string])[] | string {
  const cookies = Array.isArray(value) ? value.map(String) : [];
  const fault = cookies.map(cookieFault).find((reason) => reason !== undefined);
  return fault ?? cookies.map((cookie) => ['set-cookie', cookie] as const);
}

function headersOf(single: unknown, multi: unknown): [string, string][] | string {
  const scalar = (value: unknown): value is string | number | boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (single !== undefined && single !== null && (typeof single !== 'object' || Array.isArray(single))) return 'headers must be an object';
  if (multi !== undefined && multi !== null && (typeof multi !== 'object' || Array.isArray(multi))) return 'multiValueHeaders must be an object';
  // Header names match whatever their case: `content-type` in both maps is one header.
  const merged = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of Object.entries((single ?? {}) as Record<string, unknown>)) {
    if (!scalar(value)) return `headers.${name} must be a string`;
    merged.set(name.toLowerCase(), { name, values: [String(value)] });
  }
  for (const [name, values] of Object.entries((multi ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(values) || !values.every(scalar)) return `multiValueHeaders.${name} must be a list of strings`;
    merged.set(name.toLowerCase(), { name, values: values.map(String) });
  }
  const headers = [...merged.values()].flatMap(({ name, values }) => values.map((value): [string, string] => [name, value]));
  // What a response cannot carry (a line break that would start another header) makes the result malformed.
  return headers.map(([name, value]) => headerFault(name, value)).find((reason) => reason !== undefined) ?? headers;
}

function bodyOf(body: unknown, isBase64Encoded: unknown): Uint8Array | string {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body !== 'string') return 'body must be a string';
  if (isBase64Encoded !== true) return textEncoder.encode(body);
  try {
    return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
  } catch {
    return 'body is not valid base64';
  }
}
