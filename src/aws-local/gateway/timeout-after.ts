import type { Clock } from '../../core/playback/clock.ts';

/**
 * Resolves `'timeout'` after `ms`; never settles once `signal` aborts (the
 * answer came first), so a race with it needs no other case. What every
 * front door's integration timeout races the function's answer with.
 *
 * @example
 * await Promise.race([answer, timeoutAfter(clock, 29_000, answered.signal)])
 */
export function timeoutAfter(clock: Clock, ms: number, signal: AbortSignal): Promise<'timeout'> {
  return clock.sleep(ms, signal).then(
    () => 'timeout' as const,
    () => new Promise<never>(() => undefined),
  );
}
