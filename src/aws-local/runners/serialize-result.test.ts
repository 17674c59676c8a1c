import { describe, expect, it } from 'vitest';
import { serializeResult } from './serialize-result.ts';

const described = (value: unknown) => {
  const output = serializeResult(value);
  if (output.kind === 'buffered') return new TextDecoder().decode(output.payload);
  return output.kind === 'error' ? { errorType: output.error.errorType, errorMessage: output.error.errorMessage } : output.kind;
};

describe('a classic result, serialized as the runtime serializes it', () => {
  const circular: Record<string, unknown> = {};
  circular['self'] = circular;
  const unserializable = { errorType: 'Error', errorMessage: 'Unable to stringify response body' };
  it.each([
    ['an object', { statusCode: 200, body: 'ok' }, '{"statusCode":200,"body":"ok"}'],
    ['undefined, as null', undefined, 'null'],
    ['a string', 'hi', '"hi"'],
    ['a circular object', circular, unserializable],
    ['a BigInt', { n: 1n }, unserializable],
    ['a toJSON that throws', { toJSON: () => { throw new Error('no'); } }, unserializable],
    ['a function, which has no JSON', () => 1, { errorType: 'TypeError', errorMessage: 'Wrong arguments' }],
    ['a symbol, which has no JSON', Symbol('s'), { errorType: 'TypeError', errorMessage: 'Wrong arguments' }],
  ])('%s', (_case, value, expected) => {
    expect(described(value)).toEqual(expected);
  });
});
