/**
 * Handlers behind the API Gateway front doors in the tests, one behaviour per
 * path, written as for AWS (proxy results, `HttpResponseStream.from`). Loaded
 * in process and under aws-lambda-ric alike.
 */
import type { Writable } from 'node:stream';
import { hostileResult } from './hostile-results.ts';

type Stream = Writable & { setContentType(type: string): void };
type RestEvent = { resource: string; path: string; httpMethod: string; queryStringParameters: Record<string, string> | null; body: string | null };
declare const awslambda: {
  streamifyResponse(handler: (event: RestEvent, stream: Stream) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: Stream, metadata: Record<string, unknown>): Stream };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A classic proxy handler (payload 1.0 or 2.0: it only reads what both have, or echoes the event). */
export async function proxy(event: RestEvent & { rawPath?: string }): Promise<unknown> {
  const path = event.path ?? event.rawPath ?? '';
  const wait = Number(event.queryStringParameters?.['ms'] ?? '0');
  if (path.endsWith('/slow')) {
    await sleep(wait);
    return { statusCode: 200, body: `answered after ${wait} ms` };
  }
  if (path.endsWith('/malformed')) return { body: { not: 'a string' } };
  if (path.endsWith('/throws')) throw new TypeError('kaboom');
  if (path.endsWith('/throws-huge')) throw new Error('x'.repeat(1_000_000));
  if (path.endsWith('/headers')) {
    return { statusCode: 201, headers: { 'X-Single': 'one', 'X-Both': 'from-headers' }, multiValueHeaders: { 'X-Both': ['m1', 'm2'], 'Set-Cookie': ['a=1', 'b=2'] }, body: 'ok' };
  }
  if (path.endsWith('/header-case')) return { statusCode: 200, headers: { 'x-case': 'from-headers' }, multiValueHeaders: { 'X-Case': ['from-multi'] }, body: 'no content type given' };
  if (path.endsWith('/binary')) return { statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
  if (path.endsWith('/plain')) return 'just a string';
  const hostile = hostileResult(path);
  if (hostile !== undefined) return hostile();
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) };
}

/** A response-streaming handler: metadata first, then pieces over time. */
export const streaming = awslambda.streamifyResponse(async (event, stream) => {
  const path = event.path ?? '';
  const pieces = Number(event.queryStringParameters?.['pieces'] ?? '3');
  const gap = Number(event.queryStringParameters?.['gap'] ?? '40');
  if (path.endsWith('/no-metadata')) {
    stream.setContentType('text/plain');
    stream.end('raw bytes');
    return;
  }
  if (path.endsWith('/multi-header-newline')) {
    const out = awslambda.HttpResponseStream.from(stream, { statusCode: 200, multiValueHeaders: { 'X-Multi': ['m1', 'm2\r\nX-Injected: two'] } });
    out.write('x');
    out.end();
    return;
  }
  if (path.endsWith('/late-metadata')) await sleep(gap * pieces);
  const out = awslambda.HttpResponseStream.from(stream, { statusCode: 207, headers: { 'Content-Type': 'text/plain', 'X-Single': 'one' }, multiValueHeaders: { 'X-Multi': ['m1', 'm2'] }, cookies: ['session=abc; Path=/'] });
  for (let piece = 0; piece < pieces; piece++) {
    out.write(`piece ${piece}\n`);
    await sleep(gap);
  }
  if (path.endsWith('/fails')) throw new Error('failed after streaming');
  out.end();
});
