import type { NormalizedRequest, Operation } from '../fixtures/request.ts';

/**
 * One call as the emulator saw it: what was asked, which fixture answered and
 * why (or why none did), what went back, and how it ended. Credentials and
 * signatures never enter it.
 */
export type CallRecord = {
  /** The `x-amzn-RequestId` the call was answered with. */
  readonly id: string;
  /** When the call arrived (ISO 8601). */
  readonly at: string;
  /** `METHOD /path` as received. */
  readonly route: string;
  operation: Operation | undefined;
  model: { readonly raw: string; readonly base: string } | undefined;
  /** The normalized request, headers without credentials. */
  request: NormalizedRequest | undefined;
  fixture: { readonly name: string; readonly file: string; readonly index: number | undefined; readonly reason: string } | undefined;
  /** Set when no fixture matched: the policy applied and the closest fixtures with why each missed. */
  unmatched: { readonly policy: UnmatchedPolicy; readonly closest: readonly { readonly name: string; readonly reasons: readonly string[] }[] } | undefined;
  /** HTTP status sent (200 for streams, whatever comes later). */
  status: number | undefined;
  /** The exception sent, before the stream or in it. */
  error: { readonly type: string; readonly message: string } | undefined;
  /** Event-stream frames sent so far. */
  framesSent: number;
  /** ms from arrival to the first frame (streams) or to the response (others). */
  firstByteMs: number | undefined;
  /** ms from arrival to the end. */
  durationMs: number | undefined;
  outcome: CallOutcome;
};

export type CallOutcome = 'pending' | 'completed' | 'client-aborted' | 'error' | 'fault-injected';

/** What happens to a request no fixture matches. */
export type UnmatchedPolicy = 'default' | 'echo' | 'error';

/** Header names that carry credentials or signatures: never stored. */
const secretHeader = /^(authorization|proxy-authorization|cookie|x-amz-security-token|x-api-key)$|token|secret|signature|credential|password/i;

/**
 * Request headers without credentials or signatures, for the journal.
 *
 * @example
 * withoutSecrets({ authorization: 'AWS4-HMAC-SHA256 …', 'x-test-id': 'a' }) // { 'x-test-id': 'a' }
 */
export function withoutSecrets(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !secretHeader.test(name)));
}

/**
 * The journal: the last `capacity` calls, oldest first.
 *
 * @example
 * const journal = createJournal(1000);
 */
export function createJournal(capacity: number) {
  let records: CallRecord[] = [];
  return {
    start(fields: Pick<CallRecord, 'id' | 'at' | 'route'>): CallRecord {
      const record: CallRecord = {
        ...fields,
        operation: undefined,
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
      records.push(record);
      if (records.length > capacity) records = records.slice(records.length - capacity);
      return record;
    },
    /** A snapshot, safe to hand out: later changes to a call do not show in it. */
    list: (): CallRecord[] => records.map((record) => structuredClone(record)),
    clear(): void {
      records = [];
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;
