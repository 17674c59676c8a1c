import type http from 'node:http';
import type { Readable } from 'node:stream';
import type { ResponseLimits } from '../function-config.ts';
import type { InvocationOutput, LambdaError } from '../invocation.ts';
import { integrationContentType, parseMetadata, splitPrelude, type ResponseMetadata } from './http-response-metadata.ts';
import { pipeWithLimits } from './pipe-with-limits.ts';

export type InvokeMode = 'RESPONSE_STREAM' | 'BUFFERED';

/** How one Function URL call went, for the host's record. */
export type FunctionUrlOutcome = { readonly status: number; readonly bytes: number; readonly error: LambdaError | undefined };

type Answer = { readonly requestId: string; readonly traceId: string };

/**
 * Answers a Function URL call from the function's output (REFERENCE §7.3).
 * RESPONSE_STREAM: bytes go to the client as the function writes them; a
 * stream opened with `HttpResponseStream.from` is split at its 8-NUL
 * delimiter into status, headers and cookies; an error after the first byte
 * just ends the body. BUFFERED: the whole answer is collected (at most 6 MB)
 * and mapped like Lambda maps a result. A function error before any byte is
 * a 502.
 */
export async function answerFunctionUrl(output: InvocationOutput, response: http.ServerResponse, mode: InvokeMode, limits: ResponseLimits, answer: Answer, signal: AbortSignal): Promise<FunctionUrlOutcome> {
  if (output.kind === 'error') return sendError(response, answer, output.error);
  if (output.kind === 'buffered') return sendBuffered(response, answer, output.payload, limits);
  if (mode === 'BUFFERED') return bufferStream(output, response, answer, limits);

  let metadata: ResponseMetadata = { statusCode: 200, headers: { 'Content-Type': output.contentType }, cookies: [] };
  let first: Buffer;
  if (output.contentType === integrationContentType) {
    const split = await splitPrelude(output.body);
    if (split.kind === 'invalid') return sendError(response, answer, { errorType: 'Runtime.InvalidResponse', errorMessage: split.reason, trace: [] }, await output.done);
    if (split.kind === 'no-prelude') {
      const error = await output.done;
      // HttpResponseStream.from(…) then end(): AWS answers 200 with an empty body; end(data): 502 (REFERENCE §7.3).
      if (error !== undefined || split.bytes.length > 0) return sendError(response, answer, error ?? { errorType: 'Runtime.InvalidResponse', errorMessage: 'the stream ended before the 8-NUL prelude delimiter', trace: [] });
      return sendHead(response, answer, { statusCode: 200, headers: {}, cookies: [] }, true);
    }
    metadata = split.metadata;
    first = split.rest;
  } else {
    // Wait for the first bytes (or the end) before the head, so an immediate failure can still be a 502.
    const start = await firstChunk(output.body);
    if (start === undefined) {
      const error = await output.done;
      if (error !== undefined) return sendError(response, answer, error);
      return sendHead(response, answer, metadata, true);
    }
    first = start;
  }
  sendHead(response, answer, metadata, false);
  const piped = await pipeWithLimits(output.body, response, limits, signal, first);
  const error = piped.truncated ? { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response exceeded the maximum streamed size of ${limits.maxStreamedBytes} bytes.`, trace: [] } : await output.done;
  // After the head is out, an error can only end the body early (what AWS does with the trailers: UNCONFIRMED).
  response.end();
  return { status: metadata.statusCode, bytes: piped.bytes, error };
}

async function firstChunk(body: Readable): Promise<Buffer | undefined> {
  // Leaving the loop early must not destroy the stream: the rest is piped after.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    if ((chunk as Buffer).length > 0) return chunk as Buffer;
  }
  return undefined;
}

async function bufferStream(output: Extract<InvocationOutput, { kind: 'stream' }>, response: http.ServerResponse, answer: Answer, limits: ResponseLimits): Promise<FunctionUrlOutcome> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of output.body) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBufferedBytes) {
      output.body.destroy();
      return sendError(response, answer, payloadTooLarge(limits));
    }
    chunks.push(chunk as Buffer);
  }
  const error = await output.done;
  if (error !== undefined) return sendError(response, answer, error);
  const bytes = Buffer.concat(chunks);
  if (output.contentType !== integrationContentType) return sendBody(response, answer, { statusCode: 200, headers: { 'Content-Type': output.contentType }, cookies: [] }, bytes);
  const at = bytes.indexOf(Buffer.alloc(8));
  if (at === -1) return bytes.length === 0 ? sendBody(response, answer, { statusCode: 200, headers: {}, cookies: [] }, bytes) : sendError(response, answer, undefined);
  const metadata = parseMetadata(bytes.subarray(0, at).toString('utf8'));
  if ('reason' in metadata) return sendError(response, answer, { errorType: 'Runtime.InvalidResponse', errorMessage: metadata.reason, trace: [] });
  return sendBody(response, answer, metadata, bytes.subarray(at + 8));
}

/**
 * A classic handler's result, mapped as Lambda maps it for a Function URL:
 * an object with `statusCode` gives status, headers, cookies and body
 * (base64-decoded when `isBase64Encoded`); any other JSON is a 200
 * `application/json` body.
 */
function sendBuffered(response: http.ServerResponse, answer: Answer, payload: Buffer, limits: ResponseLimits): FunctionUrlOutcome {
  if (payload.length > limits.maxBufferedBytes) return sendError(response, answer, payloadTooLarge(limits));
  const result = JSON.parse(payload.toString('utf8')) as unknown;
  if (result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result) {
    const shaped = result as { body?: unknown; isBase64Encoded?: unknown };
    const metadata = parseMetadata(JSON.stringify(result));
    const text = typeof shaped.body === 'string' ? shaped.body : shaped.body === undefined ? '' : JSON.stringify(shaped.body);
    const body = shaped.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
    return sendBody(response, answer, 'reason' in metadata ? { statusCode: 200, headers: {}, cookies: [] } : metadata, body);
  }
  return sendBody(response, answer, { statusCode: 200, headers: { 'Content-Type': 'application/json' }, cookies: [] }, payload);
}

function sendHead(response: http.ServerResponse, answer: Answer, metadata: ResponseMetadata, end: boolean): FunctionUrlOutcome {
  const headers: http.OutgoingHttpHeaders = { ...metadata.headers, 'X-Amzn-RequestId': answer.requestId, 'X-Amzn-Trace-Id': answer.traceId };
  if (metadata.cookies.length > 0) headers['Set-Cookie'] = [...metadata.cookies];
  response.writeHead(metadata.statusCode, headers);
  // Send the head now: a streamed response's first byte should not wait for the body's.
  response.flushHeaders();
  if (end) response.end();
  return { status: metadata.statusCode, bytes: 0, error: undefined };
}

function sendBody(response: http.ServerResponse, answer: Answer, metadata: ResponseMetadata, body: Buffer): FunctionUrlOutcome {
  sendHead(response, answer, metadata, false);
  response.end(body);
  return { status: metadata.statusCode, bytes: body.length, error: undefined };
}

/** A function error as a Function URL shows it: 502 (429 when Lambda throttles). */
function sendError(response: http.ServerResponse, answer: Answer, error: LambdaError | undefined, cause?: LambdaError): FunctionUrlOutcome {
  const throttled = error?.errorType === 'TooManyRequestsException';
  const status = throttled ? 429 : 502;
  response.writeHead(status, { 'Content-Type': 'application/json', 'X-Amzn-RequestId': answer.requestId, 'X-Amzn-Trace-Id': answer.traceId, 'X-Amzn-ErrorType': throttled ? 'TooManyRequestsException' : 'FunctionError' });
  response.end(JSON.stringify({ Message: throttled ? 'Rate Exceeded.' : 'Internal Server Error' }));
  return { status, bytes: 0, error: error ?? cause };
}

function payloadTooLarge(limits: ResponseLimits): LambdaError {
  return { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${limits.maxBufferedBytes} bytes).`, trace: [] };
}
