import type { Readable } from 'node:stream';
import { types } from 'node:util';

/** An error as the Lambda runtime reports it (the RIC's `toRapidResponse`). */
export type LambdaError = { readonly errorType: string; readonly errorMessage: string; readonly trace: readonly string[] };

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
  | { readonly kind: 'stream'; readonly contentType: string; readonly body: Readable; readonly done: Promise<LambdaError | undefined> }
  | { readonly kind: 'buffered'; readonly payload: Buffer }
  | { readonly kind: 'error'; readonly error: LambdaError };

/** Runs a handler: in this process, or under the real runtime interface client. */
export type HandlerRunner = {
  invoke(request: InvocationRequest): Promise<InvocationOutput>;
  /** Ends an invocation that ran past its deadline (the runtime mode also discards its process). */
  timedOut(requestId: string): void;
  close(): Promise<void>;
};

/**
 * An error as the runtime reports it: `errorType` from the error's name,
 * `errorMessage`, and the stack as `trace` lines.
 *
 * @example
 * toLambdaError(new TypeError('kaboom')) // { errorType: 'TypeError', errorMessage: 'kaboom', trace: [...] }
 */
export function toLambdaError(error: unknown): LambdaError {
  if (types.isNativeError(error)) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** What Lambda says when a function runs past its timeout. */
export function timeoutError(timeoutSeconds: number): LambdaError {
  return { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`, trace: [] };
}
