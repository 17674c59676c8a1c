import type { LambdaRuntime } from './lambda-runtimes.ts';

/** The function a host runs, and Lambda's limits it runs under. */
export type FunctionConfig = {
  /** The Lambda runtime it runs on, e.g. `nodejs22.x` or `python3.12`. */
  readonly runtime: LambdaRuntime;
  /** Its code folder: Lambda's task root (`LAMBDA_TASK_ROOT`), where a Python handler's module is looked up. */
  readonly codeDir: string;
  /** The handler as Lambda's configuration names it, from the code folder: `app.lambda_handler`, `index.handler`. */
  readonly handler: string;
  /** The handler module, e.g. `src/functions/chat-stream/index.ts` (a Python handler's `app.py`). */
  readonly handlerFile: string;
  /** The export, e.g. `handler` (dots reach into nested objects); a Python handler's function. */
  readonly handlerExport: string;
  readonly functionName: string;
  readonly region: string;
  readonly memorySizeMb: number;
  /** Seconds before the invocation is ended (Lambda: 1–900, default 3). */
  readonly timeoutSeconds: number;
  /** The function's own environment variables (`Environment.Variables`). */
  readonly environment: Readonly<Record<string, string>>;
};

/** Lambda's limits on responses (docs/protocol/lambda-streaming.md#response-limits), all configurable. */
export type ResponseLimits = {
  /** A buffered response (and the Invoke API's payload): 6 MB. */
  readonly maxBufferedBytes: number;
  /** A streamed response: 200 MB. */
  readonly maxStreamedBytes: number;
  /** Streamed bytes sent at full speed before the bandwidth cap applies: 6 MB. */
  readonly uncappedStreamBytes: number;
  /** The cap after that: 2 MB/s. */
  readonly streamBytesPerSecond: number;
};

export const lambdaLimits: ResponseLimits = {
  maxBufferedBytes: 6_291_556,
  maxStreamedBytes: 200 * 1024 * 1024,
  uncappedStreamBytes: 6 * 1024 * 1024,
  streamBytesPerSecond: 2 * 1024 * 1024,
};

export const maxTimeoutSeconds = 900;

