import type { Clock } from './clock.ts';

/** Bytes to send and when, in ms after the playback's start. */
export type TimedFrame = { readonly atMs: number; readonly bytes: Uint8Array };

export type PlaybackOutcome = 'completed' | 'cancelled';

export type PlaybackOptions = {
  readonly clock: Clock;
  /** The clock reading the schedule counts from (when the request arrived). */
  readonly startedAt: number;
  /** Aborts playback, e.g. the request's signal when the client goes away. */
  readonly signal?: AbortSignal;
  /** Called once, when the last frame was handed over or playback was cancelled. */
  readonly onSettled?: (outcome: PlaybackOutcome) => void;
};

/**
 * A byte stream that releases each frame at its scheduled time. It pulls one
 * frame at a time, so a slow reader holds the schedule back instead of piling
 * up frames; a cancel from the reader or an abort of `signal` stops it at once
 * and clears its timer.
 *
 * @example
 * new Response(playFrames(frames, { clock: systemClock, startedAt: systemClock.now() }))
 */
export function playFrames(frames: readonly TimedFrame[], options: PlaybackOptions): ReadableStream<Uint8Array> {
  const { clock, startedAt } = options;
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

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const frame = frames[next];
        if (frame === undefined || stop.signal.aborted) {
          if (!stop.signal.aborted) {
            controller.close();
            settle('completed');
          }
          return;
        }
        const wait = startedAt + frame.atMs - clock.now();
        if (wait > 0) {
          try {
            await clock.sleep(wait, stop.signal);
          } catch (reason) {
            // Cancelled while waiting: settle() already ran. Error the stream so a
            // reader still waiting (not the one that cancelled) is released too.
            controller.error(reason);
            return;
          }
        }
        next += 1;
        controller.enqueue(frame.bytes);
        if (next === frames.length) {
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
