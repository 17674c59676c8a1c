import { describe, expect, it } from 'vitest';
import type { CallEvent } from './call-events.ts';
import { applyCallEvent, createJournal, withoutSecrets, type CallRecord } from './journal.ts';

const id = 'req-1';
const received: CallEvent = { id, kind: 'received', at: '2026-11-25T00:00:00.000Z', route: 'POST /model/m/converse-stream', operation: 'ConverseStream' };
const replay = (events: readonly CallEvent[]): CallRecord | undefined => events.reduce<CallRecord | undefined>((record, event) => applyCallEvent(record, event), undefined);

describe('the journal, built from call events', () => {
  it('follows a stream from arrival to its end', () => {
    const record = replay([
      received,
      { id, kind: 'resolved', model: { raw: 'us.m', base: 'm' } },
      { id, kind: 'fixture-selected', fixture: { name: 'f', file: 'f.json', index: undefined, reason: 'matched' } },
      { id, kind: 'streaming', faulty: false },
      { id, kind: 'frames-sent', framesSent: 3, atMs: 50 },
      { id, kind: 'frames-sent', framesSent: 9, atMs: 80 },
      { id, kind: 'settled', status: 200, outcome: 'completed', error: undefined, atMs: 81, playback: 'completed' },
    ]);
    expect(record).toMatchObject({ operation: 'ConverseStream', model: { base: 'm' }, fixture: { name: 'f' }, status: 200, framesSent: 9, firstByteMs: 50, durationMs: 81, outcome: 'completed' });
  });

  it('marks a faulty stream fault-injected as soon as it begins', () => {
    expect(replay([received, { id, kind: 'streaming', faulty: true }])?.outcome).toBe('fault-injected');
  });

  it('ignores events of calls it never saw (or has dropped)', () => {
    expect(applyCallEvent(undefined, { id, kind: 'streaming', faulty: false })).toBeUndefined();
  });

  it('keeps the last `capacity` calls, oldest first', () => {
    const journal = createJournal(2);
    for (const n of [1, 2, 3]) journal.record({ ...received, id: `r${n}` });
    expect(journal.list().map((record) => record.id)).toEqual(['r2', 'r3']);
  });

  it('never stores credentials', () => {
    expect(withoutSecrets({ authorization: 'AWS4-HMAC-SHA256 x', 'x-amz-security-token': 't', 'x-amz-date': 'd', 'x-test': 'a' })).toEqual({ 'x-amz-date': 'd', 'x-test': 'a' });
  });
});
