/**
 * Time as the emulator and the local AWS stack see it. Injected so that tests
 * of the schedule itself can drive time by hand; the servers use `systemClock`.
 */
export type Clock = {
  /** Monotonic milliseconds: what every delay and schedule counts in. */
  now(): number;
  /**
   * Wall time, milliseconds since the Unix epoch: what the emulator stamps
   * (a call's arrival in the journal, a chat completion's `created`, an
   * event's `timeEpoch`) and checks signatures and key expiry against.
   * Optional, so a clock written for `now` alone still works: without it
   * `epochMsOf` reads the machine's.
   */
  epochMs?(): number;
  /**
   * Resolves after `ms`, or rejects with the signal's reason as soon as the
   * signal aborts; either way its timer is cleared.
   */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

/**
 * The real clock: `performance.now()`, `Date.now()` and `setTimeout`,
 * web-standard globals.
 *
 * @example
 * await systemClock.sleep(20, AbortSignal.timeout(1000));
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
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
 * A clock's wall time, epoch milliseconds: its `epochMs()`, or the
 * machine's for a clock that keeps none.
 *
 * @example
 * new Date(epochMsOf(clock)).toISOString()
 */
export function epochMsOf(clock: Clock): number {
  return clock.epochMs?.() ?? Date.now();
}
