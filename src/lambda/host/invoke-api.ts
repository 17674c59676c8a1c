import type http from 'node:http';
import { encodeBinaryEventFrame, encodeEventFrame } from '../../eventstream/encode-frames.ts';
import type { ResponseLimits } from '../function-config.ts';
import type { InvocationOutput, LambdaError } from '../invocation.ts';
import { write } from './pipe-with-limits.ts';

/** The Lambda API paths the host answers, so `@aws-sdk/client-lambda` works by endpoint override. */
export const streamingInvokePath = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/;
export const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Error details for InvokeComplete and `X-Amz-Function-Error` (exact strings: UNCONFIRMED, REFERENCE §7.4). */
const functionErrorCode = 'Unhandled';

/**
 * InvokeWithResponseStream (REFERENCE §7.4): HTTP 200 with the function's
 * content type, then one `PayloadChunk` event per chunk the function writes
 * (raw bytes, as they come) and a final `InvokeComplete` event carrying the
 * function's error, if any.
 */
export async function answerStreamingInvoke(output: InvocationOutput, response: http.ServerResponse, requestId: string, signal: AbortSignal): Promise<LambdaError | undefined> {
  response.writeHead(200, {
    'Content-Type': output.kind === 'stream' ? output.contentType : 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'X-Amzn-RequestId': requestId,
  });
  response.flushHeaders();
  let error: LambdaError | undefined;
  if (output.kind === 'stream') {
    for await (const chunk of output.body) {
      if (signal.aborted) break;
      await write(response, Buffer.from(encodeBinaryEventFrame('PayloadChunk', chunk as Buffer)));
    }
    error = await output.done;
  } else if (output.kind === 'buffered') {
    await write(response, Buffer.from(encodeBinaryEventFrame('PayloadChunk', output.payload)));
  } else {
    error = output.error;
  }
  const complete = error === undefined ? {} : { ErrorCode: functionErrorCode, ErrorDetails: JSON.stringify(error) };
  response.end(Buffer.from(encodeEventFrame('InvokeComplete', { ...complete, LogResult: '' })));
  return error;
}

/**
 * Invoke (RequestResponse): the whole answer as the payload, 200; a function
 * error is the error JSON with `X-Amz-Function-Error: Unhandled`.
 */
export async function answerInvoke(output: InvocationOutput, response: http.ServerResponse, requestId: string, limits: ResponseLimits): Promise<LambdaError | undefined> {
  let payload: Buffer;
  let error: LambdaError | undefined;
  if (output.kind === 'error') {
    error = output.error;
    payload = Buffer.from(JSON.stringify(error));
  } else if (output.kind === 'buffered') {
    payload = output.payload;
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of output.body) chunks.push(chunk as Buffer);
    error = await output.done;
    payload = error === undefined ? Buffer.concat(chunks) : Buffer.from(JSON.stringify(error));
  }
  if (payload.length > limits.maxBufferedBytes) {
    error = { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${limits.maxBufferedBytes} bytes).`, trace: [] };
    payload = Buffer.from(JSON.stringify(error));
  }
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'X-Amzn-RequestId': requestId,
    ...(error === undefined ? {} : { 'X-Amz-Function-Error': functionErrorCode }),
  });
  response.end(payload);
  return error;
}

/** A Lambda API error, typed like the AWS SDK expects (`x-amzn-ErrorType`). */
export function sendLambdaApiError(response: http.ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type });
  response.end(JSON.stringify({ Type: 'User', message }));
}
