import { spawn, type ChildProcess } from 'node:child_process';
import { listen, type RunningServer } from '../../adapters/http/listen.ts';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import type { FunctionConfig } from '../host/function-config.ts';
import { runtimeExitError, type HandlerRunner, type InvocationOutput, type InvocationRequest, type LambdaError } from '../host/invocation.ts';
import { managedRuntimeVariables } from './managed-environment.ts';
import { createRuntimeApi, type RuntimeApi } from './runtime-api.ts';

/**
 * How one execution environment's process starts: the runtime interface
 * client, its arguments and folder, and the variables only that runtime
 * needs (`LAMBDA_TASK_ROOT`, `_HANDLER`, …), before the function's own.
 */
export type RuntimeLaunch = {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Removes what preparing the launch wrote (the Node.js shim's folder), once every process has exited. */
  readonly cleanUp: () => void;
};

export type RuntimeRunnerOptions = {
  /** Execution environments at most (concurrent invocations); beyond, Lambda's TooManyRequestsException. */
  readonly maxConcurrency: number;
  readonly maxBufferedBytes: number;
  /** Where the function's stdout and stderr go (default: this process's stderr). */
  readonly onLog?: (line: string) => void;
  /** The clock the environments' wall times (log stream names, trace ids) are read on. */
  readonly clock: Clock;
};

type Environment = {
  readonly api: RuntimeApi;
  readonly server: RunningServer;
  readonly process: ChildProcess;
  /** Resolves when the runtime first asks for work (init done), or with its init error. */
  readonly ready: Promise<LambdaError | undefined>;
  requestId: string | undefined;
  exited: boolean;
};

/**
 * Runs a handler as on Lambda: each execution environment is its own
 * process under a runtime interface client (the `launch`: Node.js's
 * `aws-lambda-ric`, or the Python one), talking to its own Runtime API. One
 * environment serves one invocation at a time; more start on demand up to
 * `maxConcurrency`. One is started ahead (so the first call does not pay the
 * cold start); an environment whose invocation times out is killed and
 * replaced, as Lambda resets it.
 *
 * @example
 * const runner = createRuntimeRunner(config, { maxConcurrency: 10, maxBufferedBytes: 6_291_556, clock: systemClock }, nodeRuntimeLaunch(config));
 */
export function createRuntimeRunner(config: FunctionConfig, options: RuntimeRunnerOptions, launch: RuntimeLaunch): HandlerRunner & { readonly warmUp: Promise<LambdaError | undefined> } {
  const log = options.onLog ?? ((line: string) => process.stderr.write(`[${config.functionName}] ${line}\n`));
  const environments = new Set<Environment>();
  /** Each environment's Runtime API server, closing once its process has exited. */
  const serversClosed: Promise<void>[] = [];
  /** Set once the runner closes: the environments it kills did not exit on their own. */
  let closing = false;

  const start = async (): Promise<Environment> => {
    let markReady: (error: LambdaError | undefined) => void = () => undefined;
    const ready = new Promise<LambdaError | undefined>((resolve) => (markReady = resolve));
    let environment: Environment | undefined = undefined;
    const api = createRuntimeApi({
      maxBufferedBytes: options.maxBufferedBytes,
      clock: options.clock,
      // Asking for the next invocation is how a runtime says it is done with the last: the environment is free.
      onNext: (doneWith) => {
        markReady(undefined);
        if (environment !== undefined && doneWith !== undefined && environment.requestId === doneWith) environment.requestId = undefined;
      },
    });
    // The same HTTP stack as the emulator and the host, on a port of its own.
    const server = await listen(api.app.fetch, { host: '127.0.0.1', port: 0 });
    const child = spawn(launch.command, launch.args, { cwd: launch.cwd, env: runtimeEnvironment(config, launch, `127.0.0.1:${server.port}`, new Date(epochMsOf(options.clock))), stdio: ['ignore', 'pipe', 'pipe'] });
    environment = { api, server, process: child, ready, requestId: undefined, exited: false };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        // A lone CR ends a line too: Python's runtime joins an error's lines with it (one CloudWatch event), which a terminal would overprint.
        // (A CR at the very end waits: an LF may follow in the next chunk.)
        const lines = (partial + chunk).split(/\r\n|\r(?!$)|\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) log(line);
      });
      // What a process wrote last without a line break (a crash's last words) is still said.
      stream.once('end', () => {
        if (partial.replace(/\r$/, '') !== '') log(partial.replace(/\r$/, ''));
      });
    }
    let ended = false;
    /** The process is gone; `failure` is Lambda's error for that, for the invocation it was running or for none. */
    const end = (failure: (requestId: string | undefined) => LambdaError): void => {
      if (ended) return;
      ended = true;
      environment.exited = true;
      environments.delete(environment);
      const initError = api.initError();
      markReady(initError ?? failure(undefined));
      const requestId = environment.requestId;
      if (requestId !== undefined && initError === undefined && !closing) {
        // Lambda's own lines: the runtime, which would have logged the error, is gone.
        const error = failure(requestId);
        for (const line of [error.errorMessage, error.errorType]) log(line);
        api.abandon(error);
      } else {
        api.abandon(initError ?? failure(undefined));
      }
      serversClosed.push(server.close());
    };
    child.once('exit', (code, signal) => {
      const how = signal === null ? `exit status ${code ?? 0}` : `signal: ${signalNames[signal] ?? signal}`;
      end((requestId) => runtimeExitError(requestId, how));
    });
    // The runtime could not be started at all (its interpreter gone, say): Lambda's error for a missing entry point.
    child.once('error', (error) => end(() => ({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `${launch.command} could not be started: ${error.message}`, trace: [] })));
    environments.add(environment);
    return environment;
  };

  const warmUp = start().then((environment) => environment.ready);

  const invoke = async (request: InvocationRequest): Promise<InvocationOutput> => {
    let environment = [...environments].find((candidate) => candidate.requestId === undefined && !candidate.exited);
    if (environment === undefined) {
      if (environments.size >= options.maxConcurrency) {
        return { kind: 'error', error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.', trace: [] } };
      }
      environment = await start();
    }
    const chosen = environment;
    chosen.requestId = request.requestId;
    const initError = await chosen.ready;
    if (initError !== undefined) {
      chosen.requestId = undefined;
      // An environment that exited while starting: this invocation is the one it failed.
      return { kind: 'error', error: initError.errorType === 'Runtime.ExitError' ? runtimeExitError(request.requestId, initError.errorMessage.replace(/^Runtime exited with error: /, '')) : initError };
    }
    return chosen.api.invoke(request);
  };

  return {
    warmUp,
    invoke,
    timedOut: (requestId) => {
      for (const environment of environments) {
        if (environment.requestId !== requestId) continue;
        // Lambda discards an environment whose invocation timed out; it takes no more work from now,
        // and its end is the timeout's, not an exit of its own.
        environment.exited = true;
        environment.requestId = undefined;
        environments.delete(environment);
        environment.process.kill('SIGKILL');
      }
    },
    close: async () => {
      closing = true;
      const exits = [...environments].map((environment) => new Promise<void>((resolve) => (environment.exited ? resolve() : environment.process.once('exit', () => resolve()))));
      for (const environment of environments) environment.process.kill('SIGKILL');
      await Promise.all(exits);
      await Promise.all(serversClosed);
      launch.cleanUp();
    },
  };
}

/** How Go (Lambda's own code) names the signals that end a process most often: `signal: killed`. */
const signalNames: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGINT: 'interrupt', SIGBUS: 'bus error' };

/** The variables the managed runtime sets (docs/protocol/lambda-streaming.md#environment-variables), the runtime's own, then the function's. */
function runtimeEnvironment(config: FunctionConfig, launch: RuntimeLaunch, runtimeApi: string, now: Date): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    ...managedRuntimeVariables(config, now),
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    ...launch.environment,
    ...config.environment,
  };
}
