import { types } from 'node:util';
import type { LambdaError } from '../host/invocation.ts';

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
