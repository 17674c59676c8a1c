import type { InvocationOutput } from '../host/invocation.ts';
import { toLambdaError } from './to-lambda-error.ts';

const textEncoder = new TextEncoder();

/**
 * A classic handler's result as the runtime sends it: its JSON (`null` for
 * `undefined`). A result JSON cannot carry fails the invocation as the
 * runtime interface client (aws-lambda-ric 3.3.0, `RAPIDClient`) fails it:
 * a circular object, a BigInt or a `toJSON` that throws is
 * `Error: Unable to stringify response body`; a function or a symbol,
 * which has no JSON at all, is the `TypeError: Wrong arguments` its native
 * client raises for the missing text.
 *
 * @example
 * serializeResult({ statusCode: 200 }) // { kind: 'buffered', payload: <{"statusCode":200}> }
 * serializeResult({ n: 1n }) // { kind: 'error', error: { errorType: 'Error', errorMessage: 'Unable to stringify response body', … } }
 */
export function serializeResult(value: unknown): InvocationOutput {
  // Declared as string, JSON.stringify gives `undefined` for a function or a symbol.
  const stringify: (value: unknown) => string | undefined = JSON.stringify;
  let text: string | undefined;
  try {
    text = stringify(value === undefined ? null : value);
  } catch {
    return { kind: 'error', error: toLambdaError(new Error('Unable to stringify response body')) };
  }
  if (text === undefined) return { kind: 'error', error: toLambdaError(new TypeError('Wrong arguments')) };
  return { kind: 'buffered', payload: textEncoder.encode(text) };
}
