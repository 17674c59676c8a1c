import { listen } from '../../adapters/http/listen.ts';
import type { InvokeMode } from '../host/function-url-response.ts';
import type { InvocationRecord } from '../host/invocation-log.ts';
import { createLambdaApp } from '../host/lambda-app.ts';
import { serveWithFunctions } from './serve-with-functions.ts';
import { accountId, type FunctionOptions, type RunningFunction } from './start-function.ts';

export type { InvocationRecord } from '../host/invocation-log.ts';

export type LambdaHostOptions = FunctionOptions & {
  /** The Function URL's invoke mode. Default `RESPONSE_STREAM`. */
  readonly invokeMode?: InvokeMode;
  readonly host?: string;
  readonly port?: number;
};

export type RunningLambdaHost = {
  /** The Function URL, e.g. `http://127.0.0.1:9000/`; the Lambda API (`@aws-sdk/client-lambda`) is served on the same port. */
  readonly url: string;
  readonly port: number;
  readonly functionName: string;
  /** The Lambda runtime it runs on, e.g. `python3.12`. */
  readonly runtime: string;
  /** How it runs: `in-process`, or `runtime` (its own process; always so for Python). */
  readonly mode: 'in-process' | 'runtime';
  /** What the host says once about how the function runs (its interpreter, runtime client, a hint on its handler's name). */
  readonly notes: readonly string[];
  readonly invocations: () => InvocationRecord[];
  close(): Promise<void>;
};

/**
 * A local host for a Lambda handler: a Function URL (RESPONSE_STREAM or
 * BUFFERED, payload format 2.0) and the Lambda Invoke / InvokeWithResponseStream
 * API on one port, the handler running in process or under the real runtime
 * interface client, with Lambda's timeout and response limits. Served by the
 * same HTTP stack as the emulator (HTTP/1.1 and h2c on one port).
 *
 * @example
 * const host = await startLambdaHost({ handler: 'src/functions/chat-stream/index.ts#handler', mode: 'runtime', timeoutSeconds: 30 });
 * await fetch(host.url, { method: 'POST', body: JSON.stringify({ prompt: 'Hello' }) });
 */
export async function startLambdaHost(options: LambdaHostOptions): Promise<RunningLambdaHost> {
  return serveWithFunctions(async (start) => {
    const running = await start(options);
    const served = await serveFunctionUrl(running, { ...options, invokeMode: options.invokeMode ?? 'RESPONSE_STREAM' });
    return { ...served, functionName: running.fn.config.functionName, runtime: running.fn.config.runtime, mode: running.mode, notes: running.notes };
  });
}

/**
 * A Function URL (and the Lambda API) for a function already started, on
 * its own port: what a template's `FunctionUrlConfig` gets.
 *
 * @example
 * const url = await serveFunctionUrl(await startFunction({ handler }), { invokeMode: 'RESPONSE_STREAM', port: 0 });
 */
export async function serveFunctionUrl(running: RunningFunction, options: { readonly invokeMode: InvokeMode; readonly host?: string; readonly port?: number }): Promise<{ readonly url: string; readonly port: number; close(): Promise<void> }> {
  const { config, runner, clock, report } = running.fn;
  const app = createLambdaApp({ config, limits: running.limits, invokeMode: options.invokeMode, runner, accountId, clock, report });
  const server = await listen(app.fetch, { guard: lambdaApiGuard, ...(options.host === undefined ? {} : { host: options.host }), ...(options.port === undefined ? {} : { port: options.port }) });
  return { url: `${server.url}/`, port: server.port, close: () => server.close() };
}

/**
 * The Lambda API is for programs on this machine (an SDK, a test), never a
 * web page: a cross-origin page or a foreign Host is refused (the Function
 * URL itself stays open to browsers, as on AWS).
 */
const lambdaApiGuard = { guards: (pathname: string) => pathname.startsWith('/2015-03-31/functions/') || pathname.startsWith('/2021-11-15/functions/') };
