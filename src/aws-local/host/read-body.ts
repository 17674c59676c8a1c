import { collect } from './limit-stream.ts';

/**
 * A request body read as it arrives, up to `maxBytes`: refused as soon as
 * the `Content-Length` or the bytes so far pass it, so a 100 MB upload costs
 * at most the limit, never the whole. Web-standard.
 *
 * @example
 * const body = await readBodyWithin(request, 6_291_456); if (body === 'too-large') return tooLarge();
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return 'too-large';
  const body = request.body as ReadableStream<Uint8Array> | null;
  if (body === null) return new Uint8Array();
  return (await collect(body, maxBytes)) ?? 'too-large';
}

/** Lambda's largest request (a synchronous invocation's payload): 6 MiB. */
export const maxInvokeRequestBytes = 6_291_456;

/** What Lambda says of a larger one (`RequestTooLargeException`, 413). */
export const invokeRequestTooLarge = `Request must be smaller than ${maxInvokeRequestBytes} bytes for the InvokeFunction operation`;
