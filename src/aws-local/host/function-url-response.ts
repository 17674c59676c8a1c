import type { Clock } from '../../core/playback/clock.ts';
import type { ResponseLimits } from './function-config.ts';
import { invalidResponse, responseTooLarge, type InvocationOutput, type LambdaError } from './invocation.ts';
import { collect, limitStream, observeEnd, prepend } from './limit-stream.ts';
import { mapClassicResult, mapStreamedBytes, type WholeAnswer } from './map-result.ts';
import { forwardedHeaders } from './reserved-headers.ts';
import { createPreludeSplitter, integrationContentType, type ResponseMetadata } from './response-prelude.ts';

export type InvokeMode = 'RESPONSE_STREAM' | 'BUFFERED';

/** How one answer ended: its status and the function's error, if any. */
export type AnswerOutcome = { readonly status: number; readonly error: LambdaError | undefined };

/** A response to send now, and when (and how) it will have ended. */
export type Answered = { readonly response: Response; readonly finished: Promise<AnswerOutcome> };

export type AnswerContext = {
  readonly requestId: string;
  readonly traceId: string;
  readonly limits: ResponseLimits;
  readonly clock: Clock;
  /** Aborts when the invocation ends (the client left, the deadline passed): frees the response's timers. */
  readonly stopped: AbortSignal;
  /** Aborts when a response under way must fail (a deadline with no connection to drop). */
  readonly cutOff: AbortSignal;
  /** Why the server would refuse to write these headers (`Connection.headRefusal`), if it would. */
  readonly headRefusal?: ((headers: Headers) => string | undefined) | undefined;
};

/**
 * Answers a Function URL call from the function's output (docs/protocol/lambda-streaming.md#streamed-response-mapping).
 * RESPONSE_STREAM: bytes go to the client as the function writes them; a
 * stream opened with `HttpResponseStream.from` is split at its 8-NUL
 * delimiter into status, headers and cookies; an error after the first byte
 * just ends the body. BUFFERED: the whole answer is collected (at most 6 MB)
 * and mapped like Lambda maps a result. A function error before any byte is
 * a 502.
 *
 * @example
 * const { response, finished } = await answerFunctionUrl(output, 'RESPONSE_STREAM', context);
 */
export async function answerFunctionUrl(output: InvocationOutput, mode: InvokeMode, context: AnswerContext): Promise<Answered> {
  if (output.kind === 'error') return whole(context, { kind: 'function-error', error: output.error });
  if (output.kind === 'buffered') return whole(context, mapClassicResult(output.payload, context.limits.maxBufferedBytes));
  if (mode === 'BUFFERED') {
    const bytes = await collect(output.body, context.limits.maxBufferedBytes);
    if (bytes === undefined) return whole(context, { kind: 'function-error', error: responseTooLarge(context.limits.maxBufferedBytes) });
    const error = await output.done;
    return whole(context, error === undefined ? mapStreamedBytes(output.contentType, bytes) : { kind: 'function-error', error });
  }
  return answerStream(output, context);
}

async function answerStream(output: Extract<InvocationOutput, { kind: 'stream' }>, context: AnswerContext): Promise<Answered> {
  const reader = output.body.getReader();
  let metadata: ResponseMetadata = { statusCode: 200, headers: { 'Content-Type': output.contentType }, cookies: [] };
  let first: Uint8Array | undefined;
  if (output.contentType === integrationContentType) {
    const splitter = createPreludeSplitter();
    for (;;) {
      const { done, value } = await reader.read();
      const split = done ? splitter.end() : splitter.feed(value);
      if (split.kind === 'need-more') continue;
      if (split.kind === 'invalid') {
        await reader.cancel().catch(() => undefined);
        await output.done;
        return whole(context, { kind: 'function-error', error: invalidResponse(split.reason) });
      }
      if (split.kind === 'no-prelude') {
        const error = await output.done;
        // HttpResponseStream.from(…) then end(): AWS answers 200 with an empty body; end(data): 502 (docs/protocol/lambda-streaming.md#streamed-response-mapping).
        if (error !== undefined || split.bytes.length > 0) return whole(context, { kind: 'function-error', error: error ?? invalidResponse('the stream ended before the 8-NUL prelude delimiter') });
        return whole(context, { kind: 'answer', metadata: { statusCode: 200, headers: {}, cookies: [] }, body: new Uint8Array() });
      }
      metadata = split.metadata;
      first = split.rest;
      break;
    }
  } else {
    // Wait for the first bytes (or the end) before the head, so an immediate failure can still be a 502.
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        const error = await output.done;
        return whole(context, error === undefined ? { kind: 'answer', metadata, body: new Uint8Array() } : { kind: 'function-error', error });
      }
      if (value.length > 0) {
        first = value;
        break;
      }
    }
  }
  const headers = headersOf(metadata, context);
  const refusal = context.headRefusal?.(headers);
  if (refusal !== undefined) {
    // Nothing has gone out yet: the answer is the function's error, and what it writes now goes nowhere.
    await reader.cancel().catch(() => undefined);
    return whole(context, { kind: 'function-error', error: invalidResponse(refusal) });
  }
  const limit = limitStream(context.limits, context.clock, context.stopped);
  let resolveFinished: (outcome: AnswerOutcome) => void = () => undefined;
  const finished = new Promise<AnswerOutcome>((resolve) => (resolveFinished = resolve));
  const body = observeEnd(prepend(first, reader).pipeThrough(limit.stream), context.cutOff, (how) => {
    // After the head is out, an error can only end the body early (what AWS does with the trailers: UNCONFIRMED).
    if (limit.result().truncated) resolveFinished({ status: metadata.statusCode, error: responseTooLarge(context.limits.maxStreamedBytes, true) });
    else if (how === 'done') void output.done.then((error) => resolveFinished({ status: metadata.statusCode, error }));
    else resolveFinished({ status: metadata.statusCode, error: undefined });
  });
  return { response: new Response(body, { status: metadata.statusCode, headers }), finished };
}

/** A whole answer: the mapped response, or the 502 (429 when Lambda throttles) a Function URL gives for a function error. */
function whole(context: AnswerContext, answer: WholeAnswer): Answered {
  if (answer.kind === 'answer') {
    const headers = headersOf(answer.metadata, context);
    const refusal = context.headRefusal?.(headers);
    if (refusal !== undefined) return whole(context, { kind: 'function-error', error: invalidResponse(refusal) });
    const response = new Response(answer.body.length === 0 ? null : answer.body, { status: answer.metadata.statusCode, headers });
    return { response, finished: Promise.resolve({ status: answer.metadata.statusCode, error: undefined }) };
  }
  const throttled = answer.error?.errorType === 'TooManyRequestsException';
  const status = throttled ? 429 : 502;
  const response = Response.json(
    { Message: throttled ? 'Rate Exceeded.' : 'Internal Server Error' },
    { status, headers: { 'X-Amzn-RequestId': context.requestId, 'X-Amzn-Trace-Id': context.traceId, 'X-Amzn-ErrorType': throttled ? 'TooManyRequestsException' : 'FunctionError' } },
  );
  return { response, finished: Promise.resolve({ status, error: answer.error }) };
}

/** The function's headers as a Function URL sends them on (docs/protocol/lambda-streaming.md#headers-a-front-door-drops-or-renames), and Lambda's own. */
function headersOf(metadata: ResponseMetadata, context: AnswerContext): Headers {
  const headers = new Headers(forwardedHeaders('function-url', Object.entries(metadata.headers)));
  headers.set('X-Amzn-RequestId', context.requestId);
  headers.set('X-Amzn-Trace-Id', context.traceId);
  for (const cookie of metadata.cookies) headers.append('Set-Cookie', cookie);
  return headers;
}
