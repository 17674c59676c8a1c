/**
 * Results no front door can send, by name (the last path segment of the
 * request): what JSON cannot carry (the invocation fails, as the runtime
 * fails it), and headers, cookies or statuses no HTTP response can carry
 * (each door's error). Shared by the test handlers of every door.
 */
const hostileResults: Record<string, () => unknown> = {
  circular: () => {
    const result: Record<string, unknown> = { statusCode: 200, body: 'x' };
    result['self'] = result;
    return result;
  },
  bigint: () => ({ statusCode: 200, body: 'x', count: 1n }),
  'to-json-throws': () => ({
    statusCode: 200,
    toJSON() {
      throw new Error('no JSON for you');
    },
  }),
  'function-result': () => () => 'a function has no JSON',
  'throws-prototype-less': () => {
    throw Object.create(null);
  },
  'header-newline': () => ({ statusCode: 200, headers: { 'X-A': 'one\r\nX-Injected: two' }, body: 'x' }),
  'header-space': () => ({ statusCode: 200, headers: { 'X Spaced': 'one' }, body: 'x' }),
  'header-control': () => ({ statusCode: 200, headers: { 'X-A': 'a\u0001b' }, body: 'x' }),
  'header-beyond-latin1': () => ({ statusCode: 200, headers: { 'X-A': 'price in \u20ac' }, body: 'x' }),
  'multi-header-newline': () => ({ statusCode: 200, multiValueHeaders: { 'X-A': ['fine', 'one\nX-Injected: two'] }, body: 'x' }),
  'cookie-newline': () => ({ statusCode: 200, cookies: ['a=1\r\nX-Injected: two'], body: 'x' }),
  'status-informational': () => ({ statusCode: 103, body: 'x' }),
};

/** The hostile result named by a request path's last segment, if it names one. */
export function hostileResult(path: string): (() => unknown) | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return Object.hasOwn(hostileResults, name) ? hostileResults[name] : undefined;
}

const unserializable = { errorType: 'Error', errorMessage: 'Unable to stringify response body' } as const;

/**
 * The results JSON cannot carry, each with the error the runtime fails the
 * invocation with: the same at every door (only the door's status differs).
 */
export const unserializableResults = [
  ['circular', unserializable],
  ['bigint', unserializable],
  ['to-json-throws', unserializable],
  // No JSON at all: the runtime client's native call refuses the missing text.
  ['function-result', { errorType: 'TypeError', errorMessage: 'Wrong arguments' }],
  // Thrown, not returned, and with no way to turn it into text.
  ['throws-prototype-less', { errorType: 'TypeError', errorMessage: 'Cannot convert object to primitive value' }],
] as const;
