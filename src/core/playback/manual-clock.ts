import type { Clock } from './clock.ts';

export type ManualClock = Clock & {
  /** Wall time: the start's, moved on as `now()` is. */
  readonly epochMs: () => number;
  /** Moves time forward and wakes every sleep that is due. */
  readonly advance: (ms: number) => Promise<void>;
  /** Moves time to an absolute reading. */
  readonly advanceTo: (time: number) => Promise<void>;
  /** Sleeps waiting to be woken. */
  readonly pendingSleeps: () => number;
};

/**
 * A clock that only moves when told to: for tests of schedules and quotas
 * (a minute of quota window passes in one call). Sleeps are abortable like
 * the real clock's. Its wall time starts at `startEpochMs` (default: the
 * machine's when it is made) and moves with it.
 *
 * @example
 * const clock = createManualClock(0, Date.UTC(2030, 0, 1));
 * const emulator = createEmulator({ clock, quotas: [{ requestsPerMinute: 2 }] });
 * await clock.advance(60_000);
 */
export function createManualClock(start = 0, startEpochMs = Date.now()): ManualClock {
  let now = start;
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const advanceTo = async (time: number): Promise<void> => {
    now = Math.max(now, time);
    for (const sleeper of [...sleepers].sort((a, b) => a.until - b.until)) {
      if (sleeper.until <= now) {
        sleepers.delete(sleeper);
        sleeper.wake();
      }
    }
    // Let the woken continue before the caller looks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return {
    now: () => now,
    epochMs: () => startEpochMs + (now - start),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const sleeper = {
          until: now + ms,
          wake: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          sleepers.delete(sleeper);
          reject(signal.reason as Error);
        };
        sleepers.add(sleeper);
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    pendingSleeps: () => sleepers.size,
  };
}
