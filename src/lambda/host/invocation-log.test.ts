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
});
