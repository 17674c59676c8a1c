import { describe, expect, it } from 'vitest';
import { createInvocationLog } from './invocation-log.ts';

describe('the invocation log, built from events', () => {
  it('follows an invocation from its request to its end', () => {
    const log = createInvocationLog();
    log.record({ requestId: 'a', kind: 'received', via: 'function-url' });
    expect(log.list()).toEqual([{ requestId: 'a', via: 'function-url', firstByteMs: undefined, durationMs: undefined, status: undefined, error: undefined, outcome: 'pending' }]);
    log.record({ requestId: 'a', kind: 'responded', atMs: 12 });
    log.record({ requestId: 'a', kind: 'settled', status: 200, error: undefined, outcome: 'completed', atMs: 40 });
    expect(log.list()).toEqual([{ requestId: 'a', via: 'function-url', firstByteMs: 12, durationMs: 40, status: 200, error: undefined, outcome: 'completed' }]);
  });

  it('ignores events of invocations it never saw', () => {
    const log = createInvocationLog();
    log.record({ requestId: 'x', kind: 'responded', atMs: 1 });
    expect(log.list()).toEqual([]);
  });

  it('keeps the last `capacity` invocations: the earliest are gone, and their late events ignored', () => {
    const log = createInvocationLog(3);
    for (const requestId of ['a', 'b', 'c', 'd', 'e']) log.record({ requestId, kind: 'received', via: 'rest-api' });
    log.record({ requestId: 'a', kind: 'settled', status: 200, error: undefined, outcome: 'completed', atMs: 5 });
    log.record({ requestId: 'd', kind: 'settled', status: 502, error: undefined, outcome: 'completed', atMs: 7 });
    expect(log.list().map((record) => [record.requestId, record.status])).toEqual([['c', undefined], ['d', 502], ['e', undefined]]);
  });

  it('keeps a small error whole, and cuts a large one within 8,192 characters, marked', () => {
    const log = createInvocationLog(10);
    const small = { errorType: 'TypeError', errorMessage: 'kaboom', trace: ['TypeError: kaboom', '    at handler (index.mjs:1:1)'] };
    const large = { errorType: 'Error', errorMessage: 'x'.repeat(1_000_000), trace: Array.from({ length: 500 }, (_, line) => `    at frame ${line}`) };
    for (const [requestId, error] of [['small', small], ['large', large]] as const) {
      log.record({ requestId, kind: 'received', via: 'function-url' });
      log.record({ requestId, kind: 'settled', status: 502, error, outcome: 'function-error', atMs: 1 });
    }
    const [kept, cut] = log.list().map((record) => record.error);
    expect(kept).toBe(small);
    expect(cut?.errorType).toBe('Error');
    expect(cut?.errorMessage).toBe(`${'x'.repeat(8192 - 'Error'.length)}…[truncated: 1,000,000 characters]`);
    expect(cut?.trace).toEqual(['[500 more lines]']);
    const traced = createInvocationLog(1);
    traced.record({ requestId: 't', kind: 'received', via: 'invoke' });
    traced.record({ requestId: 't', kind: 'settled', status: 200, error: { ...small, trace: large.trace }, outcome: 'function-error', atMs: 1 });
    expect(traced.list()[0]?.error?.trace).toEqual([...large.trace.slice(0, 64), '[436 more lines]']);
  });

  it("keeps the runtime's error document with a small error, and drops a large one", () => {
    const log = createInvocationLog(10);
    const document = '{"errorMessage": "kaboom", "errorType": "ValueError", "requestId": "r", "stackTrace": []}';
    const small = { errorType: 'ValueError', errorMessage: 'kaboom', trace: [], document };
    // A runtime may post more than the error's fields: what it posts does not make the log grow.
    const padded = { ...small, document: `{"errorType": "ValueError", "errorMessage": "kaboom", "padding": "${'x'.repeat(1_000_000)}"}` };
    for (const [requestId, error] of [['small', small], ['padded', padded]] as const) {
      log.record({ requestId, kind: 'received', via: 'invoke' });
      log.record({ requestId, kind: 'settled', status: 200, error, outcome: 'function-error', atMs: 1 });
    }
    expect(log.list().map((record) => record.error)).toEqual([small, { errorType: 'ValueError', errorMessage: 'kaboom', trace: [] }]);
  });
});
