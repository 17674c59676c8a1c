import { toBase64 } from '../../core/event-stream/base64.ts';

/**
 * A short id in API Gateway's form, 16 characters ending in `=` (11 random
 * bytes, base64): extended request ids, HTTP API request ids, WebSocket
 * connection, request and message ids.
 *
 * @example
 * shortId() // e.g. 'LiaEkHIfoAMFnMQ='
 */
export function shortId(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(11)));
}
