import path from 'node:path';
import { listen } from '../http/listen.ts';
import { systemClock, type Clock } from '../playback/clock.ts';
import { lambdaLimits, maxTimeoutSeconds, type FunctionConfig, type ResponseLimits } from './host/function-config.ts';
import type { InvokeMode } from './host/function-url-response.ts';
import { createInvocationLog, type InvocationRecord } from './host/invocation-log.ts';
import { createLambdaApp } from './host/lambda-app.ts';
import type { HandlerRunner } from './host/invocation.ts';
import { createInProcessRunner } from './runners/in-process-runner.ts';
import { createRuntimeRunner } from './runners/runtime-runner.ts';

export type { InvocationRecord } from './host/invocation-log.ts';

export type LambdaHostOptions = {
  /** `FILE#EXPORT`, e.g. `src/functions/chat-stream/index.ts#handler`. */
  readonly handler: string;
  /** `in-process` (fast; this process) or `runtime` (its own process under aws-lambda-ric). Default `in-process`. */
  readonly mode?: 'in-process' | 'runtime';
  /** The Function URL's invoke mode. Default `RESPONSE_STREAM`. */
  readonly invokeMode?: InvokeMode;
  /** Default 3, Lambda's default; at most 900. */
  readonly timeoutSeconds?: number;
  readonly functionName?: string;
  readonly region?: string;
  readonly memorySizeMb?: number;
  /** The function's environment (runtime mode; in process the function shares this process's). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly limits?: Partial<ResponseLimits>;
  /** Concurrent invocations at most (runtime mode: execution environments). Default 10. */
  readonly maxConcurrency?: number;
  readonly host?: string;
  readonly port?: number;
  /** Where the function's output goes in runtime mode (default: stderr). */
  readonly onLog?: (line: string) => void;
  /** The clock deadlines and bandwidth caps run on. Default: the real one. */
  readonly clock?: Clock;
};

export type RunningLambdaHost = {
  /** The Function URL, e.g. `http://127.0.0.1:9000/`; the Lambda API (`@aws-sdk/client-lambda`) is served on the same port. */
  readonly url: string;
  readonly port: number;
  readonly functionName: string;
  readonly invocations: () => InvocationRecord[];
  close(): Promise<void>;
};

const accountId = '123456789012';

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
  const [file = '', handlerExport = 'handler'] = options.handler.split('#');
  const timeoutSeconds = options.timeoutSeconds ?? 3;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= maxTimeoutSeconds)) throw new Error(`timeout must be between 1 and ${maxTimeoutSeconds} seconds (Lambda's limits), got ${timeoutSeconds}`);
  const config: FunctionConfig = {
    handlerFile: path.resolve(file),
    handlerExport,
    functionName: options.functionName ?? path.basename(path.dirname(path.resolve(file))),
    region: options.region ?? 'us-east-1',
    memorySizeMb: options.memorySizeMb ?? 128,
    timeoutSeconds,
    environment: options.environment ?? {},
  };
  const limits: ResponseLimits = { ...lambdaLimits, ...options.limits };
  const runner = await startRunner(options, config, limits);
  const log = createInvocationLog();
  const app = createLambdaApp({ config, limits, invokeMode: options.invokeMode ?? 'RESPONSE_STREAM', runner, accountId, clock: options.clock ?? systemClock, report: log.record });
  const server = await listen(app.fetch, { ...(options.host === undefined ? {} : { host: options.host }), ...(options.port === undefined ? {} : { port: options.port }) });
  return {
    url: `${server.url}/`,
    port: server.port,
    functionName: config.functionName,
    invocations: log.list,
    close: async () => {
      await server.close();
      await runner.close();
    },
  };
}

async function startRunner(options: LambdaHostOptions, config: FunctionConfig, limits: ResponseLimits): Promise<HandlerRunner> {
  if (options.mode !== 'runtime') return createInProcessRunner(config);
  const runtime = createRuntimeRunner(config, { maxConcurrency: options.maxConcurrency ?? 10, maxBufferedBytes: limits.maxBufferedBytes, ...(options.onLog === undefined ? {} : { onLog: options.onLog }) });
  // The first execution environment starts with the host, so the first call does not pay the cold start.
  await runtime.warmUp;
  return runtime;
}
