import type { PlannedFaults } from '../fixtures/plan-response.ts';
import type { TimedFrame } from './play-frames.ts';

/** Something playback does instead of sending a frame: drop the connection, or hang forever. */
export type TimedAction = { readonly atMs: number; readonly action: 'drop' | 'hang' };

export type ScheduleItem = TimedFrame | TimedAction;

type FaultPoint = { readonly afterChunks?: number | undefined; readonly atMs?: number | undefined };
type Timed = { readonly atMs: number };

/** How a faulty response ends, where, and when (already shifted by any earlier stall). */
export type FaultEnding = { readonly kind: 'stream-error' | 'drop' | 'hang'; readonly index: number; readonly atMs: number };

/** Where a fault strikes in a list of events: how many go out before it, and when. */
export function faultPosition(point: FaultPoint, events: readonly Timed[]): { index: number; atMs: number } {
  if (point.afterChunks !== undefined) {
    const index = Math.min(point.afterChunks, events.length);
    return { index, atMs: index === 0 ? (events[0]?.atMs ?? 0) : (events[index - 1]?.atMs ?? 0) };
  }
  const atMs = point.atMs ?? 0;
  return { index: events.filter((event) => event.atMs < atMs).length, atMs };
}

/** The delay a stall with `forMs` adds to the event at `index` (0 before the stall's point). */
export function stallShift(faults: PlannedFaults, events: readonly Timed[]): (index: number) => number {
  const stall = faults.stall;
  if (stall?.forMs === undefined) return () => 0;
  const { index: from } = faultPosition(stall, events);
  const forMs = stall.forMs;
  return (index) => (index >= from ? forMs : 0);
}

/**
 * The fault that ends a response early, if any: a stream error (one exception
 * frame replaces the rest), a drop (the connection goes, no final frame), or
 * a stall without end (nothing more, ever). Of several, the earliest wins.
 */
export function faultEnding(faults: PlannedFaults, events: readonly Timed[]): FaultEnding | undefined {
  const shift = stallShift(faults, events);
  const endings: FaultEnding[] = [];
  const add = (kind: FaultEnding['kind'], point: FaultPoint, shifted: boolean): void => {
    const { index, atMs } = faultPosition(point, events);
    endings.push({ kind, index, atMs: atMs + (shifted ? shift(index) : 0) });
  };
  if (faults.streamError !== undefined) add('stream-error', faults.streamError, true);
  if (faults.drop !== undefined) add('drop', faults.drop, true);
  if (faults.stall !== undefined && faults.stall.forMs === undefined) add('hang', faults.stall, false);
  return endings.sort((a, b) => a.index - b.index || a.atMs - b.atMs)[0];
}

/**
 * Applies a response's faults to its frames (issue #4): a stall with `forMs`
 * delays everything after its point; an ending fault replaces the rest of the
 * stream with an exception frame, a drop, or a hang.
 *
 * @example
 * playFrames(applyFaults(frames, plan.faults, renderExceptionFrame), options)
 */
export function applyFaults(frames: readonly TimedFrame[], faults: PlannedFaults, renderStreamError: () => Uint8Array): ScheduleItem[] {
  const shift = stallShift(faults, frames);
  const shifted: ScheduleItem[] = frames.map((frame, index) => ({ ...frame, atMs: frame.atMs + shift(index) }));
  const ending = faultEnding(faults, frames);
  if (ending === undefined) return shifted;
  const last: ScheduleItem =
    ending.kind === 'stream-error' ? { atMs: ending.atMs, render: renderStreamError } : { atMs: ending.atMs, action: ending.kind === 'drop' ? 'drop' : 'hang' };
  return [...shifted.slice(0, ending.index), last];
}
