import { existsSync } from 'node:fs';
import path from 'node:path';
import { systemClock, epochMsOf, type Clock } from '../../core/playback/clock.ts';
import { lambdaLimits, maxTimeoutSeconds, type FunctionConfig, type ResponseLimits } from '../host/function-config.ts';
import { createInvocationLog, defaultInvocationLogCapacity, type InvocationRecord } from '../host/invocation-log.ts';
import { isResultFault, type HandlerRunner } from '../host/invocation.ts';
import type { InvocableFunction } from '../host/start-invocation.ts';
import { createInProcessRunner } from '../runners/in-process-runner.ts';
import { moduleFormatProblem } from '../runners/module-format.ts';
import { createRuntimeRunner } from '../runners/runtime-runner.ts';
import { setProcessEnvironment } from './process-environment.ts';
import { managedRuntimeVariables } from '../runners/managed-environment.ts';

/** A Lambda function to run locally: its handler and configuration. */
export type FunctionOptions = {
  /** `FILE#EXPORT`, e.g. `src/functions/chat-stream/index.ts#handler`. */
  readonly handler: string;
  /** `in-process` (fast; this process) or `runtime` (its own process under aws-lambda-ric). Default `in-process`. */
  readonly mode?: 'in-process' | 'runtime';
  /** Default 3, Lambda's default; at most 900. */
  readonly timeoutSeconds?: number;
  readonly functionName?: string;
  readonly region?: string;
  readonly memorySizeMb?: number;
  /**
   * The function's own environment variables. The function also gets what
   * the managed runtime gives every function (`AWS_LAMBDA_*`, its region,
   * dummy role credentials), in both modes. In process it reads this
   * process's environment, so all of it is set here until `close()`.
   */
  readonly environment?: Readonly<Record<string, string>>;
  readonly limits?: Partial<ResponseLimits>;
  /** Concurrent invocations at most (runtime mode: execution environments). Default 10. */
  readonly maxConcurrency?: number;
  /** Where the function's log lines go — in runtime mode all its output, in process its invocation errors (default: stderr). */
  readonly onLog?: (line: string) => void;
  /** The clock deadlines, bandwidth caps and the times in events and contexts run on. Default: the real one. */
  readonly clock?: Clock;
  /** How many invocations `invocations()` keeps (the oldest dropped first). Default 1,000. */
  readonly invocationLogCapacity?: number;
};

export type RunningFunction = {
  readonly fn: InvocableFunction;
  readonly limits: ResponseLimits;
  readonly invocations: () => InvocationRecord[];
  close(): Promise<void>;
};

export const accountId = '123456789012';

/**
 * Loads a handler and gets it ready to invoke, in process or under the real
 * runtime interface client, with its invocations logged. The front doors
 * (Function URL, API Gateway) invoke it; it knows nothing of them.
 *
 * @example
 * const running = await startFunction({ handler: 'src/functions/chat-stream/index.ts#handler', timeoutSeconds: 30 });
 */
export async function startFunction(options: FunctionOptions): Promise<RunningFunction> {
  const [file = '', handlerExport = 'handler'] = options.handler.split('#');
  if (!existsSync(file)) throw new Error(`no handler file at ${file} (from ${process.cwd()}): give --handler <file>#<export>, e.g. src/handler.ts#handler`);
  const timeoutSeconds = options.timeoutSeconds ?? 3;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= maxTimeoutSeconds)) throw new Error(`timeout must be between 1 and ${maxTimeoutSeconds} seconds (Lambda's limits), got ${timeoutSeconds}`);
  const logCapacity = options.invocationLogCapacity ?? defaultInvocationLogCapacity;
  if (!(Number.isInteger(logCapacity) && logCapacity >= 1)) throw new Error(`invocationLogCapacity is how many invocations to keep: a whole number of at least 1, got ${logCapacity}`);
  const config: FunctionConfig = {
    handlerFile: path.resolve(file),
    handlerExport,
    functionName: options.functionName ?? defaultFunctionName(path.resolve(file)),
    region: options.region ?? 'us-east-1',
    memorySizeMb: options.memorySizeMb ?? 128,
    timeoutSeconds,
    environment: options.environment ?? {},
  };
  const limits: ResponseLimits = { ...lambdaLimits, ...options.limits };
  const clock = options.clock ?? systemClock;
  const restoreEnvironment = options.mode === 'runtime' ? () => undefined : setProcessEnvironment({ ...managedRuntimeVariables(config, new Date(epochMsOf(clock))), ...config.environment });
  const functionLog = options.onLog ?? ((line: string) => process.stderr.write(`[${config.functionName}] ${line}\n`));
  const runner = await startRunner(options, config, limits, functionLog, clock).catch((error: unknown) => {
    restoreEnvironment();
    throw error;
  });
  const log = createInvocationLog(logCapacity);
  const functionArn = `arn:aws:lambda:${config.region}:${accountId}:function:${config.functionName}`;
  return {
    fn: {
      config,
      runner,
      functionArn,
      clock,
      report: (event) => {
        log.record(event);
        // An ordinary event, said in one quiet line: a client closing its tab is not an error.
        if (event.kind === 'settled' && event.outcome === 'client-aborted') functionLog(`${event.requestId} the client went away; the function's response stream was closed`);
        // The runtime logs the errors it raises; what the host refused in the answer, the host says.
        if (event.kind === 'settled' && event.error !== undefined && isResultFault(event.error)) functionLog(`${event.requestId} the function's answer was refused: ${event.error.errorMessage} (${event.error.errorType})`);
      },
    },
    limits,
    invocations: log.list,
    close: async () => {
      await runner.close();
      restoreEnvironment();
    },
  };
}

/** `src/functions/chat-stream/index.ts` → `chat-stream`; `src/handler.ts` → `handler`. */
function defaultFunctionName(file: string): string {
  const name = path.basename(file).replace(/\.[^.]+$/, '');
  return name === 'index' ? path.basename(path.dirname(file)) : name;
}

async function startRunner(options: FunctionOptions, config: FunctionConfig, limits: ResponseLimits, log: (line: string) => void, clock: Clock): Promise<HandlerRunner> {
  if (options.mode !== 'runtime') return createInProcessRunner(config, log, clock);
  const runtime = createRuntimeRunner(config, { maxConcurrency: options.maxConcurrency ?? 10, maxBufferedBytes: limits.maxBufferedBytes, onLog: log, clock });
  // The first execution environment starts with the host, so the first call does not pay the cold start.
  const initError = await runtime.warmUp;
  // An ES module the project's package.json makes CommonJS fails every call the same way: say so now, as in process.
  const problem = initError === undefined ? undefined : moduleFormatProblem(config.handlerFile, initError.errorMessage);
  if (problem !== undefined) {
    await runtime.close();
    throw new Error(problem);
  }
  return runtime;
}
