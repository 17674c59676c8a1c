import type { Connection } from '../../adapters/http/listen.ts';
import { readBodyWithin } from './read-body.ts';

/**
 * The facts of an HTTP request as it was received, that every event is
 * built from: a Function URL's, an HTTP API's (payload 2.0) and a REST
 * API's (payload 1.0).
 */
export type ReceivedRequest = {
  readonly method: string;
  /** The path and query as received, e.g. `/prod/chat?a=1`. */
  readonly target: string;
  /** Header names and values as received, in order: `[name, value, …]`. */
  readonly rawHeaders: readonly string[];
  readonly body: Uint8Array;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol: string;
};

/**
 * Reads a request into its facts, its body read as it arrives up to
 * `maxBodyBytes` (`too-large` past it: the function is never invoked). The
 * connection, when the adapter gives one, says what `Request` cannot: the
 * source IP, the header list as sent, the HTTP version.
 *
 * @example
 * const request = await receiveRequest(c.req.raw, c.env?.transport, maxInvokeRequestBytes); if (request === 'too-large') return tooLarge();
 */
export async function receiveRequest(request: Request, connection: Connection | undefined, maxBodyBytes: number): Promise<ReceivedRequest | 'too-large'> {
  const url = new URL(request.url);
  const body = await readBodyWithin(request, maxBodyBytes);
  if (body === 'too-large') return body;
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    rawHeaders: connection?.rawHeaders ?? [...request.headers].flat(),
    body,
    sourceIp: connection?.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${connection?.httpVersion ?? '1.1'}`,
  };
}
