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

/** The error a reader sees when a fixture drops the connection and no transport can drop it for real. */
export class DroppedConnectionError extends Error {
  override readonly name = 'DroppedConnectionError';
  constructor() {
    super('bedrock-emulator dropped the connection, as the fixture asked');
  }
}

export type PlaybackOptions = {
  readonly clock: Clock;
  /** The clock reading the schedule counts from (when the request arrived). */
  readonly startedAt: number;
  /** Aborts playback, e.g. the request's signal when the client goes away. */
  readonly signal?: AbortSignal;
  /** Called once, when the last frame was handed over or playback was cancelled. */
  readonly onSettled?: (outcome: PlaybackOutcome) => void;
  /** Called after each chunk is handed over, with the frames sent so far. */
  readonly onProgress?: (framesSent: number) => void;
  /**
   * Drops the connection for a `drop` fault; returns whether it could. When
   * it cannot (no socket, e.g. in-process), the stream errors instead.
   */
  readonly onDrop?: () => boolean;
};

/** Frames due together leave as one chunk of at most this many bytes. */
const maxBatchBytes = 64 * 1024;

/**
 * A byte stream that releases each frame at its scheduled time. Frames due at
 * the same moment leave together as one chunk (one write, as a server's write
 * loop would do). It pulls only when the reader asks, so a slow reader holds
 * the schedule back instead of piling up frames; a cancel from the reader or
 * an abort of `signal` stops it at once and clears its timer.
 *
 * @example
 * new Response(playSchedule({ frames, ending: { kind: 'close' } }, { clock: systemClock, startedAt: systemClock.now() }))
 */
export function playSchedule(schedule: Schedule, options: PlaybackOptions): ReadableStream<Uint8Array> {
  const { clock, startedAt } = options;
  const { frames, ending } = schedule;
  const stop = new AbortController();
  let next = 0;
  let settled = false;
  const settle = (outcome: PlaybackOutcome): void => {
    if (settled) return;
    settled = true;
    options.signal?.removeEventListener('abort', onAbort);
    options.onSettled?.(outcome);
  };
  const onAbort = (): void => {
    stop.abort(options.signal?.reason);
    settle('cancelled');
  };
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let framesSent = 0;
  const takeDueFrames = (): Uint8Array => {
    const now = clock.now();
    const batch: Uint8Array[] = [];
    let size = 0;
    for (let frame = frames[next]; frame !== undefined; frame = frames[next]) {
      if (batch.length > 0 && (startedAt + frame.atMs > now || size >= maxBatchBytes)) break;
      const bytes = frame.render();
      batch.push(bytes);
      size += bytes.length;
      next += 1;
    }
    framesSent += batch.length;
    return batch.length === 1 ? (batch[0] ?? new Uint8Array()) : concat(batch, size);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (stop.signal.aborted) return;
        const frame = frames[next];
        if (frame === undefined && ending.kind === 'close') {
          controller.close();
          settle('completed');
          return;
        }
        const dueAt = frame?.atMs ?? (ending.kind === 'close' ? 0 : ending.atMs);
        const wait = startedAt + dueAt - clock.now();
        try {
          if (wait > 0) await clock.sleep(wait, stop.signal);
          // A stall without end: send nothing more, hold the connection, until the reader goes.
          if (frame === undefined && ending.kind === 'hang') await untilAborted(stop.signal);
        } catch (reason) {
          // Cancelled while waiting: settle() already ran. Error the stream so a
          // reader still waiting (not the one that cancelled) is released too.
          controller.error(reason);
          return;
        }
        if (frame === undefined) {
          stop.abort();
          settle('dropped');
          if (options.onDrop?.() !== true) controller.error(new DroppedConnectionError());
          return;
        }
        controller.enqueue(takeDueFrames());
        options.onProgress?.(framesSent);
        if (next === frames.length && ending.kind === 'close') {
          controller.close();
          settle('completed');
        }
      },
      cancel(reason) {
        stop.abort(reason);
        settle('cancelled');
      },
    },
    { highWaterMark: 0 },
  );
}

/** A promise that only settles (rejecting with the reason) when the signal aborts. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
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
