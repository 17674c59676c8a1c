import path from 'node:path';
import { systemClock, epochMsOf, type Clock } from '../../core/playback/clock.ts';
import { lambdaLimits, maxTimeoutSeconds, type FunctionConfig, type ResponseLimits } from '../host/function-config.ts';
import { createInvocationLog, defaultInvocationLogCapacity, type InvocationRecord } from '../host/invocation-log.ts';
import { isResultFault, type HandlerRunner, type LambdaError } from '../host/invocation.ts';
import { isPythonRuntime, type LambdaRuntime } from '../host/lambda-runtimes.ts';
import type { InvocableFunction } from '../host/start-invocation.ts';
import { createInProcessRunner } from '../runners/in-process-runner.ts';
import { managedRuntimeVariables } from '../runners/managed-environment.ts';
import { moduleFormatProblem } from '../runners/module-format.ts';
import { nodeRuntimeLaunch } from '../runners/node-runtime-launch.ts';
import { defaultCacheDir } from '../runners/python-environment.ts';
import { pythonRuntimeLaunch } from '../runners/python-runtime-launch.ts';
import { createRuntimeRunner, type RuntimeLaunch } from '../runners/runtime-runner.ts';
import { setProcessEnvironment } from './process-environment.ts';
import { resolveHandler } from './resolve-handler.ts';

/** A Lambda function to run locally: its handler and configuration. */
export type FunctionOptions = {
  /**
   * Lambda's `MODULE.FUNCTION` from the code folder (`app.lambda_handler`,
   * `index.handler`) or `FILE#EXPORT` (`src/functions/chat-stream/index.ts#handler`,
   * `py/app.py#lambda_handler`): docs/runtimes.md#naming-the-handler.
   */
  readonly handler: string;
  /** The Lambda runtime, e.g. `python3.12` or `nodejs22.x`. Default: told by the handler's file (`.py`: Python). */
  readonly runtime?: LambdaRuntime;
  /** The code folder `MODULE.FUNCTION` is named from (Lambda's task root). Default: the current folder; for `FILE#EXPORT`, the file's. */
  readonly codeDir?: string;
  /**
   * Node.js handlers: `in-process` (fast; this process) or `runtime` (its own process under
   * aws-lambda-ric). Default `in-process`. Python handlers always run in their own process.
   */
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
  /** Where a Python function's `requirements.txt` environment is kept. Default: `BEDROCK_EMULATOR_CACHE_DIR`, else node_modules/.cache/bedrock-emulator, else ~/.cache/bedrock-emulator. */
  readonly cacheDir?: string;
};

export type RunningFunction = {
  readonly fn: InvocableFunction;
  /** What the host says once about how the function runs (its interpreter, its runtime client, a hint on its handler's name). */
  readonly notes: readonly string[];
  /** How it runs: `in-process`, or `runtime` (its own process; always so for Python). */
  readonly mode: 'in-process' | 'runtime';
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
  const resolved = await resolveHandler(options.handler, { runtime: options.runtime, codeDir: options.codeDir });
  const timeoutSeconds = options.timeoutSeconds ?? 3;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= maxTimeoutSeconds)) throw new Error(`timeout must be between 1 and ${maxTimeoutSeconds} seconds (Lambda's limits), got ${timeoutSeconds}`);
  const logCapacity = options.invocationLogCapacity ?? defaultInvocationLogCapacity;
  if (!(Number.isInteger(logCapacity) && logCapacity >= 1)) throw new Error(`invocationLogCapacity is how many invocations to keep: a whole number of at least 1, got ${logCapacity}`);
  const config: FunctionConfig = {
    runtime: resolved.runtime,
    codeDir: resolved.codeDir,
    handler: resolved.handler,
    handlerFile: resolved.handlerFile,
    handlerExport: resolved.handlerExport,
    functionName: options.functionName ?? defaultFunctionName(resolved.handlerFile),
    region: options.region ?? 'us-east-1',
    memorySizeMb: options.memorySizeMb ?? 128,
    timeoutSeconds,
    environment: options.environment ?? {},
  };
  const limits: ResponseLimits = { ...lambdaLimits, ...options.limits };
  const clock = options.clock ?? systemClock;
  // Python handlers run as on Lambda, in their own process: there is no in-process Python.
  const mode = isPythonRuntime(config.runtime) ? 'runtime' : (options.mode ?? 'in-process');
  const restoreEnvironment = mode === 'runtime' ? () => undefined : setProcessEnvironment({ ...managedRuntimeVariables(config, new Date(epochMsOf(clock))), ...config.environment });
  const functionLog = options.onLog ?? ((line: string) => process.stderr.write(`[${config.functionName}] ${line}\n`));
  const notes: string[] = resolved.hint === undefined ? [] : [resolved.hint];
  if (isPythonRuntime(config.runtime) && options.mode !== 'runtime') notes.push(`${config.runtime} runs in its own process, as on Lambda, whatever --mode says (the mode chooses how Node.js handlers run)`);
  const runner = await startRunner({ ...options, mode }, config, limits, functionLog, clock, notes).catch((error: unknown) => {
    restoreEnvironment();
    throw error;
  });
  const log = createInvocationLog(logCapacity);
  let saidCannotStream = false;
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
        if (event.kind === 'settled' && event.error !== undefined && isPythonRuntime(config.runtime) && isUnstreamableBody(event.error) && !saidCannotStream) {
          // Said once: the runtime's own error line follows each such invocation anyway.
          saidCannotStream = true;
          functionLog(`${event.requestId} ${cannotStreamNote}`);
        }
      },
    },
    notes,
    mode,
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

async function startRunner(options: FunctionOptions & { readonly mode: 'in-process' | 'runtime' }, config: FunctionConfig, limits: ResponseLimits, log: (line: string) => void, clock: Clock, notes: string[]): Promise<HandlerRunner> {
  if (options.mode === 'in-process') return createInProcessRunner(config, log, clock);
  const runnerOptions = { maxConcurrency: options.maxConcurrency ?? 10, maxBufferedBytes: limits.maxBufferedBytes, onLog: log, clock };
  let launch: RuntimeLaunch;
  if (isPythonRuntime(config.runtime)) {
    const python = await pythonRuntimeLaunch({ ...config, runtime: config.runtime }, { cacheDir: options.cacheDir ?? defaultCacheDir(process.cwd(), process.env), log });
    notes.push(...python.notes);
    launch = python.launch;
  } else {
    launch = nodeRuntimeLaunch(config);
  }
  const runtime = createRuntimeRunner(config, runnerOptions, launch);
  // The first execution environment starts with the host, so the first call does not pay the cold start.
  const initError = await runtime.warmUp;
  // A Node.js ES module the project's package.json makes CommonJS fails every call the same way: say so now, as in process.
  const problem = initError === undefined || isPythonRuntime(config.runtime) ? undefined : moduleFormatProblem(config.handlerFile, initError.errorMessage);
  if (problem !== undefined) {
    await runtime.close();
    throw new Error(problem);
  }
  return runtime;
}

/**
 * What a managed Python runtime does with the usual way to stream from a
 * handler — a generator as the body — and the two ways that do stream.
 */
const cannotStreamNote =
  "managed Python cannot stream: Lambda's Python runtime sends a handler's result as one JSON document, so a generator in it fails with Runtime.MarshalError, on AWS as here. " +
  'To stream from Python, use a custom runtime (provided.al2023, a bootstrap that streams through the Runtime API) or the Lambda Web Adapter (a web app such as FastAPI behind it): see docs/runtimes.md#streaming-from-python';

/** The runtime could not marshal a generator (or another iterator it never reads) in the result. */
function isUnstreamableBody(error: LambdaError): boolean {
  return error.errorType === 'Runtime.MarshalError' && /Object of type (generator|async_generator|coroutine) is not JSON serializable/.test(error.errorMessage);
}
