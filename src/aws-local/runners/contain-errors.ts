import { runtimeExitError, type LambdaError } from '../host/invocation.ts';
import { toLambdaError } from './to-lambda-error.ts';

/** One in-process invocation under way: how to fail it, and how to tell its runner that its environment exited. */
type UnderWay = { readonly fail: (error: LambdaError) => void; readonly exited: () => void };

/** The invocations under way, by request id. */
const underWay = new Map<string, UnderWay>();
/**
 * Environments that exited but whose code may still run (its timers and
 * promises cannot be stopped in process), each with where to say what it did.
 */
const leftovers = new Set<{ readonly log: (line: string) => void }>();
/** While the watch is on: `process`'s own `exit` property as it was before (undefined when it had none). */
let replacedExit: { readonly own: PropertyDescriptor | undefined } | undefined;

/** What `process.exit` throws in process instead of ending it: it unwinds the handler's code, and is nobody's error. */
class EnvironmentExit extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`process.exit(${status}) ended the function's execution environment`);
    this.name = 'EnvironmentExit';
    this.status = status;
  }
}

/**
 * The exit status, when this is what a contained `process.exit` threw (a
 * module that exits while a fresh environment loads it, say).
 *
 * @example
 * exitStatusOf(error) // 3 after process.exit(3), undefined for any other error
 */
export function exitStatusOf(error: unknown): number | undefined {
  return error instanceof EnvironmentExit ? error.status : undefined;
}

/**
 * While in-process invocations are under way, what a handler does to the
 * process is taken as theirs, as the managed runtime takes it, instead of
 * ending the host:
 * - an uncaught exception or an unhandled rejection fails the invocation
 *   with that error;
 * - `process.exit(N)` fails it with Lambda's `Runtime.ExitError` ("RequestId:
 *   … Error: Runtime exited with error: exit status N"), tells its runner the
 *   environment ended (`exited`: the next invocation gets a fresh one), and
 *   throws, so no code after the call runs — as none does on Lambda.
 * With none under way (and no exited environment's code left running: see
 * `containLeftovers`), Node's own handling applies: the listeners are
 * removed and `process.exit` is put back. What it cannot contain:
 * `process.kill`, `process.abort()`, a blocked event loop, memory exhaustion;
 * a `catch` that swallows the exit; and with several invocations under way
 * it cannot tell whose error or exit it was, so all of them fail (runtime
 * mode keeps each in its own process).
 *
 * @example
 * const release = containErrors(requestId, fail, () => environment.end()); … release();
 */
export function containErrors(requestId: string, fail: (error: LambdaError) => void, exited: () => void = () => undefined): () => void {
  underWay.set(requestId, { fail, exited });
  watch();
  return () => releaseErrors(requestId);
}

/** Stops taking errors as this invocation's (it settled, or timed out and goes on unwatched). */
export function releaseErrors(requestId: string): void {
  if (underWay.delete(requestId)) unwatchWhenIdle();
}

/**
 * Keeps the watch on for the code an exited environment left running (a
 * timer, a pending promise): with no invocation under way, what it throws
 * or another `process.exit` it calls is said in `log` and goes no further.
 * Call the returned function when its runner closes.
 *
 * @example
 * const release = containLeftovers(log); … release();
 */
export function containLeftovers(log: (line: string) => void): () => void {
  const leftover = { log };
  leftovers.add(leftover);
  watch();
  return () => {
    if (leftovers.delete(leftover)) unwatchWhenIdle();
  };
}

function watch(): void {
  if (replacedExit !== undefined) return;
  replacedExit = { own: Object.getOwnPropertyDescriptor(process, 'exit') };
  process.exit = interceptedExit;
  process.on('uncaughtException', onUncaughtException);
  process.on('unhandledRejection', onUnhandledRejection);
}

function unwatchWhenIdle(): void {
  if (replacedExit === undefined || underWay.size > 0 || leftovers.size > 0) return;
  // Put back what was replaced (a test runner's own, say), unless someone replaced it again since.
  if (Object.getOwnPropertyDescriptor(process, 'exit')?.value === interceptedExit) {
    if (replacedExit.own === undefined) Reflect.deleteProperty(process, 'exit');
    else Object.defineProperty(process, 'exit', replacedExit.own);
  }
  replacedExit = undefined;
  process.off('uncaughtException', onUncaughtException);
  process.off('unhandledRejection', onUnhandledRejection);
}

/** The exit status the operating system would report for `process.exit(code)`: 0–255, Node's `exitCode` when none is given. */
function exitStatus(code: unknown): number {
  const value = Number(code ?? process.exitCode ?? 0);
  return Number.isInteger(value) ? value & 0xff : 1;
}

const interceptedExit = ((code?: number | string | null) => {
  const status = exitStatus(code);
  const invocations = [...underWay];
  // Runners first learn that their environment ended (and so keep watching its leftovers), then each invocation fails.
  for (const [, invocation] of invocations) invocation.exited();
  for (const [requestId, invocation] of invocations) invocation.fail(runtimeExitError(requestId, `exit status ${status}`));
  if (invocations.length === 0) tellLeftovers(`process.exit(${status}) was called by code an exited environment left running, outside any invocation: ignored`);
  throw new EnvironmentExit(status);
}) as typeof process.exit;

function tellLeftovers(line: string): void {
  for (const leftover of leftovers) leftover.log(line);
}

function failAll(error: LambdaError): void {
  if (underWay.size === 0) {
    tellLeftovers(`code an exited environment left running failed outside any invocation: ${error.errorType}: ${error.errorMessage}`);
    return;
  }
  for (const { fail } of [...underWay.values()]) fail(error);
}

function onUncaughtException(error: unknown): void {
  if (error instanceof EnvironmentExit) return;
  failAll(toLambdaError(error));
}

function onUnhandledRejection(reason: unknown): void {
  if (reason instanceof EnvironmentExit) return;
  // As the runtime interface client reports one.
  const described = toLambdaError(reason);
  failAll({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${described.errorType}: ${described.errorMessage}`, trace: described.trace });
}
