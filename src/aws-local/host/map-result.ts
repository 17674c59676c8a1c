import { invalidResponse, responseTooLarge, type LambdaError } from './invocation.ts';
import { createPreludeSplitter, integrationContentType, parseMetadata, type ResponseMetadata } from './response-prelude.ts';

/** What a Function URL answers with a whole response: an HTTP answer, or a function error (502). */
export type WholeAnswer =
  | { readonly kind: 'answer'; readonly metadata: ResponseMetadata; readonly body: Uint8Array }
  | { readonly kind: 'function-error'; readonly error: LambdaError | undefined };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * A classic handler's result, mapped as Lambda maps it for a Function URL
 * (payload format 2.0): an object with `statusCode` gives status, headers,
 * cookies and body (base64-decoded when `isBase64Encoded`); any other JSON
 * is a 200 `application/json` body; more than the buffered limit is an error.
 *
 * @example
 * mapClassicResult(new TextEncoder().encode('{"statusCode":201,"body":"ok"}'), 6_291_556)
 */
export function mapClassicResult(payload: Uint8Array, maxBytes: number): WholeAnswer {
  if (payload.length > maxBytes) return { kind: 'function-error', error: responseTooLarge(maxBytes) };
  let result: unknown;
  try {
    result = JSON.parse(textDecoder.decode(payload));
  } catch {
    return { kind: 'function-error', error: invalidResponse('the function result is not JSON') };
  }
  if (result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result) {
    const shaped = result as { body?: unknown; isBase64Encoded?: unknown };
    const metadata = parseMetadata(JSON.stringify(result));
    const text = typeof shaped.body === 'string' ? shaped.body : shaped.body === undefined ? '' : JSON.stringify(shaped.body);
    const body = shaped.isBase64Encoded === true ? fromBase64(text) : textEncoder.encode(text);
    if ('reason' in metadata) return { kind: 'function-error', error: invalidResponse(metadata.reason) };
    return { kind: 'answer', metadata, body };
  }
  return { kind: 'answer', metadata: { statusCode: 200, headers: { 'Content-Type': 'application/json' }, cookies: [] }, body: payload };
}

/**
 * A whole streamed response (a BUFFERED Function URL): its content type as
 * the status line's, or — opened with `HttpResponseStream.from` — its prelude
 * split off. A stream that ended without its delimiter is empty (a bare
 * `end()`: 200) or broken (502).
 *
 * @example
 * mapStreamedBytes('application/vnd.awslambda.http-integration-response', bytes)
 */
export function mapStreamedBytes(contentType: string, bytes: Uint8Array): WholeAnswer {
  if (contentType !== integrationContentType) return { kind: 'answer', metadata: { statusCode: 200, headers: { 'Content-Type': contentType }, cookies: [] }, body: bytes };
  const splitter = createPreludeSplitter();
  const split = bytes.length === 0 ? splitter.end() : splitter.feed(bytes);
  switch (split.kind) {
    case 'prelude':
      return { kind: 'answer', metadata: split.metadata, body: split.rest };
    case 'invalid':
      return { kind: 'function-error', error: invalidResponse(split.reason) };
    case 'no-prelude':
    case 'need-more':
      return bytes.length === 0 ? { kind: 'answer', metadata: { statusCode: 200, headers: {}, cookies: [] }, body: bytes } : { kind: 'function-error', error: undefined };
  }
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
