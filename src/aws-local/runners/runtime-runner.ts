import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listen, type RunningServer } from '../../adapters/http/listen.ts';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import type { FunctionConfig } from '../host/function-config.ts';
import { runtimeExitError, type HandlerRunner, type InvocationOutput, type InvocationRequest, type LambdaError } from '../host/invocation.ts';
import { managedRuntimeVariables } from './managed-environment.ts';
import { createRuntimeApi, type RuntimeApi } from './runtime-api.ts';

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
 * Runs a handler as on Lambda: each execution environment is its own Node
 * process under the real runtime interface client (`aws-lambda-ric` from the
 * npm registry), talking to its own Runtime API. One environment serves one
 * invocation at a time; more start on demand up to `maxConcurrency`. One is
 * started ahead (so the first call does not pay the cold start); an
 * environment whose invocation times out is killed and replaced, as Lambda
 * resets it.
 *
 * @example
 * const runner = await createRuntimeRunner(config, { maxConcurrency: 10, maxBufferedBytes: 6_291_556, clock: systemClock });
 */
export function createRuntimeRunner(config: FunctionConfig, options: RuntimeRunnerOptions): HandlerRunner & { readonly warmUp: Promise<LambdaError | undefined> } {
  const ricBin = resolveRuntimeClient();
  const taskRoot = mkdtempSync(path.join(os.tmpdir(), 'bedrock-emulator-lambda-'));
  // The runtime client loads `<task root>/index.mjs`; this shim imports the real handler from
  // where it is (Node strips TypeScript types itself), so relative imports keep working.
  const access = config.handlerExport.split('.').map((key) => `[${JSON.stringify(key)}]`).join('');
  writeFileSync(path.join(taskRoot, 'index.mjs'), `import * as userModule from ${JSON.stringify(pathToFileURL(path.resolve(config.handlerFile)).href)};\nexport const handler = userModule${access};\n`);
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
    const child = spawn(process.execPath, [ricBin, 'index.handler'], { cwd: taskRoot, env: runtimeEnvironment(config, `127.0.0.1:${server.port}`, taskRoot, new Date(epochMsOf(options.clock))), stdio: ['ignore', 'pipe', 'pipe'] });
    environment = { api, server, process: child, ready, requestId: undefined, exited: false };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) log(line);
      });
    }
    child.once('exit', (code, signal) => {
      environment.exited = true;
      environments.delete(environment);
      const ended = signal === null ? `exit status ${code ?? 0}` : `signal: ${signalNames[signal] ?? signal}`;
      const initError = api.initError();
      markReady(initError ?? runtimeExitError(undefined, ended));
      const requestId = environment.requestId;
      if (requestId !== undefined && initError === undefined && !closing) {
        // Lambda's own lines: the runtime, which would have logged the error, is gone.
        const error = runtimeExitError(requestId, ended);
        for (const line of [error.errorMessage, error.errorType]) log(line);
        api.abandon(error);
      } else {
        api.abandon(initError ?? runtimeExitError(undefined, ended));
      }
      serversClosed.push(server.close());
    });
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
      rmSync(taskRoot, { recursive: true, force: true });
    },
  };
}

/** How Go (Lambda's own code) names the signals that end a process most often: `signal: killed`. */
const signalNames: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGINT: 'interrupt', SIGBUS: 'bus error' };

/** The variables the managed runtime sets (docs/protocol/lambda-streaming.md#environment-variables), then the function's own. */
function runtimeEnvironment(config: FunctionConfig, runtimeApi: string, taskRoot: string, now: Date): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    ...managedRuntimeVariables(config, now),
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    ...config.environment,
  };
}

/** The runtime interface client's entry point (`aws-lambda-ric`, an optional peer dependency). */
function resolveRuntimeClient(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('aws-lambda-ric/package.json')), 'bin', 'index.mjs');
  } catch {
    throw new Error('The runtime mode needs the runtime interface client: npm install --save-dev aws-lambda-ric (it builds native code: apt-get install autoconf automake libtool first). Or use --mode in-process.');
  }
}
