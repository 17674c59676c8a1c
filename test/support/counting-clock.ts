import { epochMsOf, systemClock, type Clock } from '../../src/core/playback/clock.ts';

/**
 * The real clock, counting the sleeps (timers) it has pending: lets a test
 * see that the emulator's own timers are freed, whatever else the process has
 * running.
 *
 * @example
 * const clock = createCountingClock(); startEmulator({ clock }); … expect(clock.pending()).toBe(0);
 */
export function createCountingClock(): Clock & { pending(): number } {
  let pending = 0;
  return {
    now: () => systemClock.now(),
    epochMs: () => epochMsOf(systemClock),
    sleep: async (ms, signal) => {
      pending += 1;
      try {
        await systemClock.sleep(ms, signal);
      } finally {
        pending -= 1;
      }
    },
    pending: () => pending,
  };
}
