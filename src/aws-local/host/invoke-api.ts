import { encodeBinaryEventFrame, encodeEventFrame } from '../../core/event-stream/encode-frames.ts';
import type { ResponseLimits } from './function-config.ts';
import { errorDocument, responseTooLarge, type InvocationOutput, type LambdaError } from './invocation.ts';
import type { Answered } from './function-url-response.ts';
import { collect, observeEnd } from './limit-stream.ts';

/** Error details for InvokeComplete and `X-Amz-Function-Error` (exact strings not confirmed: docs/protocol/lambda-streaming.md#invokewithresponsestream). */
const functionErrorCode = 'Unhandled';

const textEncoder = new TextEncoder();

/**
 * InvokeWithResponseStream (docs/protocol/lambda-streaming.md#invokewithresponsestream): HTTP 200 with the function's
 * content type, then one `PayloadChunk` event per chunk the function writes
 * (raw bytes, as they come) and a final `InvokeComplete` event carrying the
 * function's error, if any.
 *
 * @example
 * const { response, finished } = answerStreamingInvoke(output, requestId, signal);
 */
export function answerStreamingInvoke(output: InvocationOutput, requestId: string, signal: AbortSignal): Answered {
  let resolveFinished: (error: LambdaError | undefined) => void = () => undefined;
  const finished = new Promise<LambdaError | undefined>((resolve) => (resolveFinished = resolve));
  const source = output.kind === 'stream' ? output.body.getReader() : undefined;
  let sentPayload = false;
  const frames = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (source !== undefined) {
          const { done, value } = await source.read();
          if (!done) {
            controller.enqueue(encodeBinaryEventFrame('PayloadChunk', value));
            return;
          }
        } else if (output.kind === 'buffered' && !sentPayload) {
          sentPayload = true;
          controller.enqueue(encodeBinaryEventFrame('PayloadChunk', output.payload));
          return;
        }
        const error = output.kind === 'stream' ? await output.done : output.kind === 'error' ? output.error : undefined;
        const complete = error === undefined ? {} : { ErrorCode: functionErrorCode, ErrorDetails: errorDocument(error) };
        controller.enqueue(encodeEventFrame('InvokeComplete', { ...complete, LogResult: '' }));
        controller.close();
        resolveFinished(error);
      },
      cancel: (reason) => source?.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  const body = observeEnd(frames, signal, (how) => {
    if (how !== 'done') resolveFinished(undefined);
  });
  const response = new Response(body, {
    status: 200,
    headers: { 'Content-Type': output.kind === 'stream' ? output.contentType : 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'X-Amzn-RequestId': requestId },
  });
  return { response, finished: finished.then((error) => ({ status: 200, error })) };
}

/**
 * Invoke (RequestResponse): the whole answer as the payload, 200; a function
 * error is the error JSON with `X-Amz-Function-Error: Unhandled`.
 *
 * @example
 * const { response } = await answerInvoke(output, requestId, limits);
 */
export async function answerInvoke(output: InvocationOutput, requestId: string, limits: ResponseLimits): Promise<Answered> {
  let payload: Uint8Array = new Uint8Array();
  let error: LambdaError | undefined;
  if (output.kind === 'error') {
    error = output.error;
  } else if (output.kind === 'buffered') {
    payload = output.payload;
  } else {
    // Counted as it arrives: past the limit, the rest is not read (nor held).
    const collected = await collect(output.body, limits.maxBufferedBytes);
    if (collected === undefined) error = responseTooLarge(limits.maxBufferedBytes);
    else {
      payload = collected;
      error = await output.done;
    }
  }
  let body = error === undefined ? payload : textEncoder.encode(errorDocument(error));
  if (body.length > limits.maxBufferedBytes) {
    error = responseTooLarge(limits.maxBufferedBytes);
    body = textEncoder.encode(errorDocument(error));
  }
  const response = new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      'X-Amz-Executed-Version': '$LATEST',
      'X-Amzn-RequestId': requestId,
      ...(error === undefined ? {} : { 'X-Amz-Function-Error': functionErrorCode }),
    },
  });
  return { response, finished: Promise.resolve({ status: 200, error }) };
}

/**
 * A Lambda API error, typed like the AWS SDK expects (`x-amzn-ErrorType`).
 *
 * @example
 * lambdaApiError(404, 'ResourceNotFoundException', 'Function not found: …')
 */
export function lambdaApiError(status: number, type: string, message: string): Response {
  return Response.json({ Type: 'User', message }, { status, headers: { 'x-amzn-ErrorType': type } });
}
