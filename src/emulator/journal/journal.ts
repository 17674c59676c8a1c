import type { NormalizedRequest, Operation } from '../../core/fixtures/request.ts';
import { isSecretHeader } from '../../core/fixtures/secret-headers.ts';
import { journalLimits, summarizeRequest, type JournalLimits } from './journal-summary.ts';
import type { CallEvent, CallOutcome, ReportedError, SelectedFixture, UnmatchedReport } from './call-events.ts';

export type { CallOutcome, UnmatchedPolicy } from './call-events.ts';

/**
 * One call as the emulator saw it: what was asked, which fixture answered and
 * why (or why none did), what went back, and how it ended. Built from the
 * call's events; credentials and signatures never enter it.
 */
export type CallRecord = {
  /** The `x-amzn-RequestId` the call was answered with. */
  readonly id: string;
  /** When the call arrived (ISO 8601). */
  readonly at: string;
  /** `METHOD /path` as received. */
  readonly route: string;
  readonly operation: Operation | undefined;
  readonly model: { readonly raw: string; readonly base: string } | undefined;
  /** The normalized request, headers without credentials. */
  readonly request: NormalizedRequest | undefined;
  readonly fixture: SelectedFixture | undefined;
  /** Set when no fixture matched: the policy applied and the closest fixtures with why each missed. */
  readonly unmatched: UnmatchedReport | undefined;
  /** HTTP status sent (200 for streams, whatever comes later). */
  readonly status: number | undefined;
  /** The exception sent, before the stream or in it. */
  readonly error: ReportedError | undefined;
  /** Event-stream frames sent: those of the first write while a stream runs, all of them once it has ended. */
  readonly framesSent: number;
  /** ms from arrival to the first frame (streams) or to the response (others). */
  readonly firstByteMs: number | undefined;
  /** ms from arrival to the end. */
  readonly durationMs: number | undefined;
  readonly outcome: CallOutcome;
};

/**
 * Request headers without credentials or signatures, for the journal.
 *
 * @example
 * withoutSecrets({ authorization: 'AWS4-HMAC-SHA256 …', 'x-test-id': 'a' }) // { 'x-test-id': 'a' }
 */
export function withoutSecrets(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isSecretHeader(name)));
}

/**
 * A call record after one more event: the journal's whole logic, pure.
 *
 * @example
 * const record = applyCallEvent(undefined, { kind: 'received', id, at, route, operation: 'Converse' });
 */
export function applyCallEvent(record: CallRecord | undefined, event: CallEvent, limits: JournalLimits = journalLimits): CallRecord | undefined {
  if (event.kind === 'received') {
    return {
      id: event.id,
      at: event.at,
      route: event.route,
      operation: event.operation,
      model: undefined,
      request: undefined,
      fixture: undefined,
      unmatched: undefined,
      status: undefined,
      error: undefined,
      framesSent: 0,
      firstByteMs: undefined,
      durationMs: undefined,
      outcome: 'pending',
    };
  }
  if (record === undefined) return undefined;
  switch (event.kind) {
    case 'resolved':
      return { ...record, model: event.model };
    case 'parsed':
      // The journal keeps a summary: a 24 MB prompt, a thousand times over, must not fill the heap.
      return { ...record, request: summarizeRequest(event.request, limits) };
    case 'fixture-selected':
      return { ...record, fixture: event.fixture };
    case 'unmatched':
      return { ...record, unmatched: event.unmatched };
    case 'streaming':
      return { ...record, status: 200, outcome: event.faulty ? 'fault-injected' : record.outcome };
    case 'frames-sent':
      return { ...record, framesSent: event.framesSent, firstByteMs: record.firstByteMs ?? event.atMs };
    case 'settled':
      return {
        ...record,
        status: event.status,
        error: event.error,
        firstByteMs: event.firstByteMs ?? record.firstByteMs,
        framesSent: event.framesSent ?? record.framesSent,
        durationMs: event.atMs,
        outcome: event.outcome,
      };
  }
}

/**
 * The journal: the last `capacity` calls, oldest first, kept from their events.
 *
 * @example
 * const journal = createJournal(1000); report(journal.record);
 */
export function createJournal(capacity: number, limits: JournalLimits = journalLimits) {
  const records = new Map<string, CallRecord>();
  return {
    /** Takes one event (a listener of the request path). */
    record(event: CallEvent): void {
      const next = applyCallEvent(records.get(event.id), event, limits);
      if (next === undefined) return;
      records.set(event.id, next);
      // A Map keeps insertion order: the first key is the oldest call.
      if (records.size > capacity) records.delete(records.keys().next().value as string);
    },
    /** A snapshot, safe to hand out: later changes to a call do not show in it. */
    list: (): CallRecord[] => [...records.values()].map((record) => structuredClone(record)),
    clear(): void {
      records.clear();
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;
