import type { Clock } from '../../core/playback/clock.ts';

export type StreamDeadlines = {
  /** The longest a response may stream, from `startedAt`. */
  readonly maxDurationMs: number;
  /** The longest it may go without a byte. */
  readonly idleTimeoutMs: number;
};

/**
 * Passes a streamed response on until one of API Gateway's deadlines
 * passes: its whole duration, or a pause without bytes. Then `onCut` runs
 * (the adapter drops the connection, as the gateway does) and the stream
 * ends. Timers run on the clock and stop with the stream.
 *
 * @example
 * body.pipeThrough(cutAtDeadlines({ maxDurationMs: 900_000, idleTimeoutMs: 300_000 }, clock, clock.now(), () => drop()))
 */
export function cutAtDeadlines(deadlines: StreamDeadlines, clock: Clock, startedAt: number, onCut: (why: 'duration' | 'idle') => void): TransformStream<Uint8Array, Uint8Array> {
  const stop = new AbortController();
  let controller: TransformStreamDefaultController<Uint8Array> | undefined;
  let lastByteAt = clock.now();
  const cut = (why: 'duration' | 'idle'): void => {
    if (stop.signal.aborted) return;
    stop.abort();
    onCut(why);
    controller?.terminate();
  };
  // One timer for the pause: on waking, it sleeps again for what is left since the last byte.
  const watchIdle = (): void => {
    const wait = lastByteAt + deadlines.idleTimeoutMs - clock.now();
    if (wait <= 0) cut('idle');
    else clock.sleep(wait, stop.signal).then(watchIdle, () => undefined);
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    start(started) {
      controller = started;
      clock.sleep(Math.max(0, startedAt + deadlines.maxDurationMs - clock.now()), stop.signal).then(() => cut('duration'), () => undefined);
      watchIdle();
    },
    transform(chunk, transformer) {
      if (stop.signal.aborted) return;
      lastByteAt = clock.now();
      transformer.enqueue(chunk);
    },
    flush() {
      stop.abort();
    },
    cancel() {
      stop.abort();
    },
  });
}
