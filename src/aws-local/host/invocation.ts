/**
 * An error as the Lambda runtime reports it (the runtime client's `toRapidResponse`). `document`
 * is the error JSON the runtime posted, when it posted one: Lambda hands that on as it is
 * (Python's runtime writes `errorMessage`, `errorType`, `requestId`, `stackTrace`; Node.js's `trace`).
 */
export type LambdaError = { readonly errorType: string; readonly errorMessage: string; readonly trace: readonly string[]; readonly document?: string };

/**
 * The error JSON a caller sees (the Invoke API's payload): the runtime's own
 * document when it sent one, else the error in the Node.js runtime's shape.
 *
 * @example
 * errorDocument(timeoutError(3)) // '{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after 3.00 seconds","trace":[]}'
 */
export function errorDocument(error: LambdaError): string {
  return error.document ?? JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace });
}

/** One invocation handed to a runner. */
export type InvocationRequest = {
  readonly requestId: string;
  readonly event: unknown;
  /** Epoch ms by which the function must finish. */
  readonly deadlineMs: number;
  readonly functionArn: string;
  /** Base64 client context (`X-Amz-Client-Context`), if any. */
  readonly clientContext?: string | undefined;
  /** Aborts when the caller goes away or the host ends the invocation. */
  readonly signal: AbortSignal;
};

/**
 * What a function answered, as soon as it started answering:
 * - `stream`: a response-streaming handler; its bytes arrive as written, and
 *   `done` says how it ended (an error after the first byte is reported there,
 *   as the runtime's error trailers);
 * - `buffered`: a classic handler's JSON result;
 * - `error`: the function failed before it answered.
 */
export type InvocationOutput =
  | { readonly kind: 'stream'; readonly contentType: string; readonly body: ReadableStream<Uint8Array>; readonly done: Promise<LambdaError | undefined> }
  | { readonly kind: 'buffered'; readonly payload: Uint8Array }
  | { readonly kind: 'error'; readonly error: LambdaError };

/** Runs a handler: in this process, or under the real runtime interface client. */
export type HandlerRunner = {
  invoke(request: InvocationRequest): Promise<InvocationOutput>;
  /** Ends an invocation that ran past its deadline (the runtime mode also discards its process). */
  timedOut(requestId: string): void;
  close(): Promise<void>;
};

/**
 * What Lambda says when a function runs past its timeout.
 *
 * @example
 * timeoutError(3).errorMessage // 'Task timed out after 3.00 seconds'
 */
export function timeoutError(timeoutSeconds: number): LambdaError {
  return { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`, trace: [] };
}

/**
 * What Lambda reports when the function's runtime process ends during an
 * invocation (`process.exit(1)`, a crash, a kill): `Runtime.ExitError`, the
 * message naming the request and how the process ended, as Go prints a
 * process state (`exit status 1`, `signal: killed`). Without a request (the
 * process ended while starting), just the reason.
 *
 * @example
 * runtimeExitError('8f7d…', 'exit status 1').errorMessage // 'RequestId: 8f7d… Error: Runtime exited with error: exit status 1'
 */
export function runtimeExitError(requestId: string | undefined, ended: string): LambdaError {
  return { errorType: 'Runtime.ExitError', errorMessage: `${requestId === undefined ? '' : `RequestId: ${requestId} Error: `}Runtime exited with error: ${ended}`, trace: [] };
}

/**
 * Lambda's error for a response over a size limit.
 *
 * @example
 * responseTooLarge(6_291_556).errorType // 'Function.ResponseSizeTooLarge'
 */
export function responseTooLarge(maxBytes: number, streamed = false): LambdaError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: streamed ? `Response exceeded the maximum streamed size of ${maxBytes} bytes.` : `Response payload size exceeded maximum allowed payload size (${maxBytes} bytes).`,
    trace: [],
  };
}

/**
 * The error types of a result the host cannot send, by the door that found
 * it: Lambda's own (a Function URL), API Gateway's REST API (its logs say
 * "Malformed Lambda proxy response"), and its HTTP and WebSocket APIs.
 */
const resultFaultTypes = ['Runtime.InvalidResponse', 'MalformedProxyResponse', 'MalformedResult'] as const;

/**
 * A result the host cannot send: the function's error, found by the host
 * rather than by the runtime.
 *
 * @example
 * resultFault('MalformedProxyResponse', 'statusCode must be a final HTTP status code (200 to 599)')
 */
export function resultFault(errorType: (typeof resultFaultTypes)[number], reason: string): LambdaError {
  return { errorType, errorMessage: reason, trace: [] };
}

/** The error Lambda reports for a response it cannot read. */
export const invalidResponse = (reason: string): LambdaError => resultFault('Runtime.InvalidResponse', reason);

/**
 * Whether the host (not the runtime, which logs its own) found this fault in
 * the function's answer: a result it cannot send, or one over a size limit.
 * The host logs these, so the function's author learns why the client got an
 * error.
 *
 * @example
 * isResultFault(invalidResponse('the function result is not JSON')) // true
 */
export function isResultFault(error: LambdaError): boolean {
  return (resultFaultTypes as readonly string[]).includes(error.errorType) || error.errorType === 'Function.ResponseSizeTooLarge';
}
