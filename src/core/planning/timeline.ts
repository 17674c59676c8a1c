import type { StreamErrorFault } from '../fixtures/fixture-schema.ts';
import type { PlannedFaults } from './plan-response.ts';

/**
 * One event of a response (a model chunk, a Converse event) and when it
 * leaves, in ms after the request arrived. `unique` marks an event that is new
 * every call (it carries a fresh id): its frame is not worth keeping.
 */
export type TimedEvent<E> = { readonly atMs: number; readonly event: E; readonly unique?: true };

/**
 * How a response ends, and when:
 * - `complete`: after its last event;
 * - `exception`: an exception (a frame in a stream, an HTTP error otherwise) instead of the rest;
 * - `drop`: the connection goes, without a final frame;
 * - `hang`: nothing more, ever; the connection stays open until the client leaves.
 */
type Ending =
  | { readonly kind: 'complete'; readonly atMs: number }
  | { readonly kind: 'exception'; readonly atMs: number; readonly fault: StreamErrorFault }
  | { readonly kind: 'drop'; readonly atMs: number }
  | { readonly kind: 'hang'; readonly atMs: number };

/**
 * A response as it will happen: when its head leaves, the events that are
 * sent (each at its time, a stall already added), and how it ends. The one
 * value both answers are made from: a stream plays it, a non-streaming call
 * waits for its ending and joins its events.
 */
export type Timeline<E> = {
  /** When the HTTP head may leave: after a slow first byte, else at once. */
  readonly headAtMs: number;
  readonly events: readonly TimedEvent<E>[];
  readonly ending: Ending;
};

type FaultPoint = { readonly afterChunks?: number | undefined; readonly atMs?: number | undefined };
type Timed = { readonly atMs: number };

/**
 * Lays a response's faults over its rendered events. Fault points count the
 * events of the API that answers (Claude chunks, Converse events), so the
 * timeline is built after rendering: a stall with `forMs` delays every event
 * from its point on; the earliest ending fault (an exception, a drop, a stall
 * without end) replaces the events from its point on.
 *
 * @example
 * const timeline = buildTimeline(plan.faults, renderConverseStream(plan));
 */
export function buildTimeline<E>(faults: PlannedFaults, events: readonly TimedEvent<E>[]): Timeline<E> {
  const shift = stallShift(faults, events);
  const shifted = events.map((timed, index) => (shift(index) === 0 ? timed : { ...timed, atMs: timed.atMs + shift(index) }));
  const cut = earliestCut(faults, events, shift);
  const headAtMs = faults.responseDelayMs;
  if (cut === undefined) return { headAtMs, events: shifted, ending: { kind: 'complete', atMs: shifted.at(-1)?.atMs ?? 0 } };
  return { headAtMs, events: shifted.slice(0, cut.index), ending: cut.ending };
}

/** Where a fault strikes in a list of events: how many go out before it, and when. */
function faultPosition(point: FaultPoint, events: readonly Timed[]): { index: number; atMs: number } {
  if (point.afterChunks !== undefined) {
    const index = Math.min(point.afterChunks, events.length);
    return { index, atMs: index === 0 ? (events[0]?.atMs ?? 0) : (events[index - 1]?.atMs ?? 0) };
  }
  const atMs = point.atMs ?? 0;
  return { index: events.filter((event) => event.atMs < atMs).length, atMs };
}

/** The delay a stall with `forMs` adds to the event at `index` (0 before the stall's point). */
function stallShift(faults: PlannedFaults, events: readonly Timed[]): (index: number) => number {
  const stall = faults.stall;
  if (stall?.forMs === undefined) return () => 0;
  const { index: from } = faultPosition(stall, events);
  const forMs = stall.forMs;
  return (index) => (index >= from ? forMs : 0);
}

/** The fault that ends the response early, if any; of several, the one with the fewest events before it wins. */
function earliestCut(faults: PlannedFaults, events: readonly Timed[], shift: (index: number) => number): { index: number; ending: Exclude<Ending, { kind: 'complete' }> } | undefined {
  const cuts: { index: number; ending: Exclude<Ending, { kind: 'complete' }> }[] = [];
  if (faults.streamError !== undefined) {
    const { index, atMs } = faultPosition(faults.streamError, events);
    cuts.push({ index, ending: { kind: 'exception', atMs: atMs + shift(index), fault: faults.streamError } });
  }
  if (faults.drop !== undefined) {
    const { index, atMs } = faultPosition(faults.drop, events);
    cuts.push({ index, ending: { kind: 'drop', atMs: atMs + shift(index) } });
  }
  // A stall without end is not shifted by itself.
  if (faults.stall !== undefined && faults.stall.forMs === undefined) {
    const { index, atMs } = faultPosition(faults.stall, events);
    cuts.push({ index, ending: { kind: 'hang', atMs } });
  }
  return cuts.sort((a, b) => a.index - b.index || a.ending.atMs - b.ending.atMs)[0];
}
