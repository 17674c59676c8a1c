/**
 * Time as playback sees it. Injected so that tests of the schedule itself can
 * drive time by hand; the server uses `systemClock`.
 */
export type Clock = {
  /** Monotonic milliseconds. */
  now(): number;
  /**
   * Wall-clock milliseconds since the Unix epoch, for the timestamps an
   * answer carries (an event's `timeEpoch`). Optional: without it
   * `wallTime` reads the system's.
   */
  wallNow?(): number;
  /**
   * Resolves after `ms`, or rejects with the signal's reason as soon as the
   * signal aborts; either way its timer is cleared.
   */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

/**
 * The real clock: `performance.now()` and `setTimeout`, web-standard globals.
 *
 * @example
 * await systemClock.sleep(20, AbortSignal.timeout(1000));
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * The clock's wall time, epoch milliseconds: its `wallNow()`, or the
 * system's for a clock that keeps none.
 *
 * @example
 * new Date(wallTime(clock)).toISOString()
 */
export function wallTime(clock: Clock): number {
  return clock.wallNow?.() ?? Date.now();
}
