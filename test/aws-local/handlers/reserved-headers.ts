/**
 * Handlers that answer with headers no front door passes on as they are —
 * the connection's own (`Transfer-Encoding: chunked` as copied from an
 * example), a wrong `Content-Length`, and headers API Gateway renames —
 * beside one that is the function's to send. Classic and streamed, loaded in
 * process and under aws-lambda-ric alike.
 */
import type { Writable } from 'node:stream';

type Stream = Writable & { setContentType(type: string): void };
declare const awslambda: {
  streamifyResponse(handler: (event: unknown, stream: Stream) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: Stream, metadata: Record<string, unknown>): Stream };
};

/** Each value is distinct, so a test can tell the function's from the server's own. */
export const reservedHeaders = {
  'Transfer-Encoding': 'chunked',
  Connection: 'close',
  'Keep-Alive': 'timeout=99',
  Upgrade: 'h2c',
  TE: 'gzip',
  Trailer: 'X-Checksum',
  'Proxy-Connection': 'keep-alive',
  Host: 'elsewhere.example',
  'Content-Length': '999',
  'WWW-Authenticate': 'Basic realm="local"',
  Server: 'my-function',
  'X-Kept': 'yes',
};

/** A classic handler: the headers in its proxy result. */
export async function classic(): Promise<unknown> {
  return { statusCode: 200, headers: reservedHeaders, body: 'hello' };
}

/** A streaming handler: the headers in its `HttpResponseStream.from` metadata, then the body in two writes. */
export const streaming = awslambda.streamifyResponse(async (_event, stream) => {
  const out = awslambda.HttpResponseStream.from(stream, { statusCode: 200, headers: reservedHeaders });
  out.write('hel');
  await new Promise((resolve) => setTimeout(resolve, 10));
  out.end('lo');
});
