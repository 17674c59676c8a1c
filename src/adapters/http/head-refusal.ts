import http from 'node:http';

/**
 * The headers Node will not send in an HTTP/2 response: connection-specific
 * ones (RFC 9113 §8.2.2), which it refuses with
 * `ERR_HTTP2_INVALID_CONNECTION_HEADERS` — and `TE` unless it is `trailers`.
 */
const http2ConnectionHeaders = new Set(['connection', 'upgrade', 'http2-settings', 'keep-alive', 'proxy-connection', 'transfer-encoding']);

/**
 * Why Node would refuse to write these response headers on a connection of
 * this HTTP version — a name or value its own validators reject, or on
 * HTTP/2 a connection-specific header — or `undefined` when it will write
 * them. An app that answers with headers it did not write itself (a Lambda
 * function's) asks before answering, so a refusal is that one answer's
 * error instead of a write that throws.
 *
 * @example
 * headRefusal(new Headers({ 'Transfer-Encoding': 'chunked' }), '2.0') // 'header "transfer-encoding" is connection-specific: HTTP/2 forbids it in a response'
 * headRefusal(new Headers({ 'Transfer-Encoding': 'chunked' }), '1.1') // undefined
 */
export function headRefusal(headers: Headers, httpVersion: string): string | undefined {
  const http2 = httpVersion === '2.0';
  for (const [name, value] of headers) {
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch (error) {
      return (error as Error).message;
    }
    if (http2 && (http2ConnectionHeaders.has(name) || (name === 'te' && value !== 'trailers'))) return `header "${name}" is connection-specific: HTTP/2 forbids it in a response`;
  }
  return undefined;
}
