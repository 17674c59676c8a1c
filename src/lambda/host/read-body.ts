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
  const reader = (request.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** Lambda's largest request (a synchronous invocation's payload): 6 MiB. */
export const maxInvokeRequestBytes = 6_291_456;

/** What Lambda says of a larger one (`RequestTooLargeException`, 413). */
export const invokeRequestTooLarge = `Request must be smaller than ${maxInvokeRequestBytes} bytes for the InvokeFunction operation`;
