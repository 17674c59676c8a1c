import type { Clock } from './clock.ts';

/**
 * Bytes to send and when, in ms after the playback's start. `render` runs
 * only when the frame is due, so a request does not pay for encoding its whole
 * answer up front (with many streams starting together that cost would land
 * at once and delay them all).
 */
export type TimedFrame = { readonly atMs: number; readonly render: () => Uint8Array };

/**
 * What playback sends: frames, each at its time, then how the byte stream
 * ends once they are out — it closes, or at `atMs` the connection drops, or
 * nothing more is sent until the reader leaves (a hang).
 */
export type Schedule = {
  readonly frames: readonly TimedFrame[];
  readonly ending: { readonly kind: 'close' } | { readonly kind: 'drop' | 'hang'; readonly atMs: number };
};

export type PlaybackOutcome = 'completed' | 'cancelled' | 'dropped';

export type PlaybackOptions = {
  readonly clock: Clock;
  /** The clock reading the schedule counts from (when the request arrived). */
  readonly startedAt: number;
  /** Aborts playback, e.g. the request's signal when the client goes away. */
  readonly signal?: AbortSignal;
  /** Called once, when the last frame was handed over or playback was cancelled, with the frames sent. */
  readonly onSettled?: (outcome: PlaybackOutcome, framesSent: number) => void;
  /** Called after each write is handed over, with the frames sent so far and the clock reading of the write. */
  readonly onProgress?: (framesSent: number, at: number) => void;
  /**
   * Drops the connection for a `drop` ending; returns whether it could. When
   * it cannot (no socket, e.g. in process), the byte stream errors instead.
   */
  readonly onDrop?: () => boolean;
};

/**
 * The next thing to do, rendered ahead of its time: a write (frames due at
 * one and the same moment), the connection dropped, a hang, or nothing more.
 * `atMs` is a clock reading: do it then, not before.
 */
export type PlaybackAction =
  | { readonly kind: 'write'; readonly atMs: number; readonly bytes: Uint8Array; readonly frames: number; readonly last: boolean }
  | { readonly kind: 'drop' | 'hang'; readonly atMs: number }
  | { readonly kind: 'done' };

export type Playback = {
  readonly clock: Clock;
  /** Aborts when playback is cancelled (the reader left, or `signal` aborted): frees any wait. */
  readonly stopped: AbortSignal;
  /**
   * Renders the next action and moves past it. Rendering ahead of time keeps
   * the moment a frame is due for writing it, however many streams share it.
   */
  next(): PlaybackAction;
  /** Reports a write made at the clock reading `at` (the frames count as sent; the last one completes playback). */
  wrote(action: Extract<PlaybackAction, { kind: 'write' }>, at: number): void;
  /** Reports the connection dropped, as the ending asked: settles `dropped`. Returns whether the transport could drop it. */
  drop(): boolean;
  /** The reader went away: settles `cancelled` (once) and stops. */
  cancel(reason?: unknown): void;
};

/** Frames due together leave as one write of at most this many bytes. */
const maxWriteBytes = 64 * 1024;

/**
 * The state of one playback, apart from any transport: which frames go out
 * next and when, how the stream ends, and the one settlement. A web stream
 * (`scheduledResponse`'s body) and a Node socket writer drive the same core, so every
 * transport sends the same bytes at the same times.
 *
 * Frames due at the same moment leave in one write; frames due at different
 * moments never do, even when the process has fallen behind: each goes out
 * in its own write, as close to its time as it can.
 *
 * @example
 * const playback = createPlayback(schedule, { clock, startedAt });
 * const action = playback.next(); // wait until action.atMs, write action.bytes, then playback.wrote(action, clock.now())
 */
export function createPlayback(schedule: Schedule, options: PlaybackOptions): Playback {
  const { frames, ending } = schedule;
  const { startedAt } = options;
  const stop = new AbortController();
  let next = 0;
  let framesSent = 0;
  let settled = false;
  const settle = (outcome: PlaybackOutcome): void => {
    if (settled) return;
    settled = true;
    options.signal?.removeEventListener('abort', onAbort);
    options.onSettled?.(outcome, framesSent);
  };
  const cancel = (reason?: unknown): void => {
    if (!stop.signal.aborted) stop.abort(reason);
    settle('cancelled');
  };
  const onAbort = (): void => cancel(options.signal?.reason);
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const render = (dueAt: number): { bytes: Uint8Array; frames: number } => {
    const batch: Uint8Array[] = [];
    let size = 0;
    for (let frame = frames[next]; frame !== undefined && frame.atMs === dueAt && (batch.length === 0 || size < maxWriteBytes); frame = frames[next]) {
      const bytes = frame.render();
      batch.push(bytes);
      size += bytes.length;
      next += 1;
    }
    return { bytes: batch.length === 1 ? (batch[0] ?? new Uint8Array()) : concat(batch, size), frames: batch.length };
  };

  return {
    clock: options.clock,
    stopped: stop.signal,
    cancel,
    next() {
      if (stop.signal.aborted || settled) return { kind: 'done' };
      const frame = frames[next];
      if (frame === undefined) {
        if (ending.kind === 'close') {
          settle('completed');
          return { kind: 'done' };
        }
        return { kind: ending.kind, atMs: startedAt + ending.atMs };
      }
      const { bytes, frames: count } = render(frame.atMs);
      return { kind: 'write', atMs: startedAt + frame.atMs, bytes, frames: count, last: next === frames.length && ending.kind === 'close' };
    },
    wrote(action, at) {
      if (settled) return;
      framesSent += action.frames;
      options.onProgress?.(framesSent, at);
      if (action.last) settle('completed');
    },
    drop() {
      stop.abort();
      settle('dropped');
      return options.onDrop?.() === true;
    },
  };
}
function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
