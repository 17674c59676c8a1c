import type { NormalizedRequest, Operation } from '../../core/fixtures/request.ts';
import type { PlaybackOutcome } from '../../core/playback/play-schedule.ts';

/** How a call ended, as the journal reports it. */
export type CallOutcome = 'pending' | 'completed' | 'client-aborted' | 'error' | 'fault-injected';

/** What happens to a request no fixture matches. */
export type UnmatchedPolicy = 'default' | 'echo' | 'error';

export type SelectedFixture = { readonly name: string; readonly file: string; readonly index: number | undefined; readonly reason: string };
export type UnmatchedReport = { readonly policy: UnmatchedPolicy; readonly closest: readonly { readonly name: string; readonly reasons: readonly string[] }[] };
export type ReportedError = { readonly type: string; readonly message: string };

/**
 * What the request path reports about a call, in order. The journal and the
 * stream statistics are built from these; nothing else writes them.
 */
export type CallEvent = { readonly id: string } & (
  | { readonly kind: 'received'; readonly at: string; readonly route: string; readonly operation: Operation }
  | { readonly kind: 'resolved'; readonly model: { readonly raw: string; readonly base: string } }
  /** The request as fixtures see it; headers already without credentials. */
  | { readonly kind: 'parsed'; readonly request: NormalizedRequest }
  | { readonly kind: 'fixture-selected'; readonly fixture: SelectedFixture }
  | { readonly kind: 'unmatched'; readonly unmatched: UnmatchedReport }
  /** HTTP 200 went out and the stream began; `faulty` when something is planned to go wrong in it. */
  | { readonly kind: 'streaming'; readonly faulty: boolean }
  /** The first write of a stream (its first byte); the total comes with `settled`. */
  | { readonly kind: 'frames-sent'; readonly framesSent: number; readonly atMs: number }
  | {
      readonly kind: 'settled';
      readonly status: number;
      readonly outcome: Exclude<CallOutcome, 'pending'>;
      readonly error: ReportedError | undefined;
      /** ms from arrival to the end. */
      readonly atMs: number;
      /** ms from arrival to the answer, for calls answered whole. */
      readonly firstByteMs?: number | undefined;
      /** How playback ended, for streams. */
      readonly playback?: PlaybackOutcome | undefined;
      /** Event-stream frames sent in all, for streams. */
      readonly framesSent?: number | undefined;
    }
);
