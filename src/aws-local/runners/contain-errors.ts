import type { LambdaError } from '../host/invocation.ts';
import { toLambdaError } from './to-lambda-error.ts';

/** How to fail each in-process invocation under way, by request id. */
const underWay = new Map<string, (error: LambdaError) => void>();

/**
 * While in-process invocations are under way, an uncaught exception or an
 * unhandled rejection is taken as theirs — as the managed runtime takes it:
 * the invocation fails with that error — instead of ending the host's
 * process. With none under way, Node's own handling applies (the listeners
 * are removed). What it cannot contain: `process.exit()`, a blocked event
 * loop, memory exhaustion; and with several invocations under way it cannot
 * tell whose error it was, so all of them fail (runtime mode keeps each in
 * its own process).
 *
 * @example
 * const release = containErrors(requestId, fail); … release();
 */
export function containErrors(requestId: string, fail: (error: LambdaError) => void): () => void {
  if (underWay.size === 0) {
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
  }
  underWay.set(requestId, fail);
  return () => releaseErrors(requestId);
}

/** Stops taking errors as this invocation's (it settled, or timed out and goes on unwatched). */
export function releaseErrors(requestId: string): void {
  if (!underWay.delete(requestId) || underWay.size > 0) return;
  process.off('uncaughtException', onUncaughtException);
  process.off('unhandledRejection', onUnhandledRejection);
}

function failAll(error: LambdaError): void {
  for (const fail of [...underWay.values()]) fail(error);
}

function onUncaughtException(error: unknown): void {
  failAll(toLambdaError(error));
}

function onUnhandledRejection(reason: unknown): void {
  // As the runtime interface client reports one.
  const described = toLambdaError(reason);
  failAll({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${described.errorType}: ${described.errorMessage}`, trace: described.trace });
}
