import { types } from 'node:util';
import type { LambdaError } from '../host/invocation.ts';

/**
 * An error as the runtime reports it: `errorType` from the error's name,
 * `errorMessage`, and the stack as `trace` lines; anything thrown that is
 * not an error as its type and its text. Never throws, whatever was thrown:
 * what cannot be described is reported as the runtime interface client
 * (aws-lambda-ric 3.3.0) reports it — an error raised while turning the
 * value into text becomes the invocation's error (a `Symbol` or a
 * prototype-less object: a `TypeError`), and an error whose name, message
 * or stack cannot be read is its `handled` error.
 *
 * @example
 * toLambdaError(new TypeError('kaboom')) // { errorType: 'TypeError', errorMessage: 'kaboom', trace: [...] }
 * toLambdaError(Object.create(null)) // { errorType: 'TypeError', errorMessage: 'Cannot convert object to primitive value', trace: [...] }
 */
export function toLambdaError(error: unknown): LambdaError {
  try {
    return describe(error);
  } catch (describing) {
    try {
      return describe(describing);
    } catch {
      return unreadableError;
    }
  }
}

/** aws-lambda-ric's answer for an error it cannot read (its `Errors.toRapidResponse`). */
const unreadableError: LambdaError = { errorType: 'handled', errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack', trace: [] };

function describe(error: unknown): LambdaError {
  if (types.isNativeError(error) || looksLikeError(error)) {
    try {
      const { name, message, stack } = error as Error;
      return { errorType: String(name), errorMessage: String(message), trace: typeof stack === 'string' ? stack.split('\n') : [] };
    } catch {
      return unreadableError;
    }
  }
  // A template, not String(): the runtime's log line converts the value this way, and fails on a Symbol.
  return { errorType: typeof error, errorMessage: `${error as string}`, trace: [] };
}

/** An object with a string name, message and stack is reported as an error, as the runtime does. */
function looksLikeError(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { name, message, stack } = value as Record<string, unknown>;
  return typeof name === 'string' && name !== '' && typeof message === 'string' && message !== '' && typeof stack === 'string' && stack !== '';
}
