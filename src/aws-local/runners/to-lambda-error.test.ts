import { describe, expect, it } from 'vitest';
import { toLambdaError } from './to-lambda-error.ts';

const unreadable = 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';
const named = (error: unknown) => {
  const { errorType, errorMessage } = toLambdaError(error);
  return { errorType, errorMessage };
};

describe('whatever a handler throws is described, never thrown again', () => {
  const nameThrows = new Error('m');
  Object.defineProperty(nameThrows, 'name', {
    get() {
      throw new Error('no name');
    },
  });
  it.each([
    ['an error', new RangeError('out'), { errorType: 'RangeError', errorMessage: 'out' }],
    ['a string', 'plain', { errorType: 'string', errorMessage: 'plain' }],
    ['an object shaped like an error', { name: 'Custom', message: 'shaped', stack: 'Custom: shaped' }, { errorType: 'Custom', errorMessage: 'shaped' }],
    ['an object shaped like a Lambda error, taken as any object', { errorType: 'Forged', errorMessage: 'x', trace: [] }, { errorType: 'object', errorMessage: '[object Object]' }],
    ['a prototype-less object', Object.create(null) as unknown, { errorType: 'TypeError', errorMessage: 'Cannot convert object to primitive value' }],
    ['an object whose toString throws', { toString: () => { throw new SyntaxError('no text'); } }, { errorType: 'SyntaxError', errorMessage: 'no text' }],
    ['a symbol', Symbol('s'), { errorType: 'TypeError', errorMessage: 'Cannot convert a Symbol value to a string' }],
    ['an error whose name cannot be read', nameThrows, { errorType: 'handled', errorMessage: unreadable }],
  ])('%s', (_case, thrown, expected) => {
    expect(named(thrown)).toEqual(expected);
  });
});
