import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../core/playback/clock.ts';
import { createPlayback, type Schedule } from '../../core/playback/playback.ts';
import { createTimerWheel } from './timer-wheel.ts';
import { writePlayback, type Outgoing } from './write-playback.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the writes "took": the real clock runs ahead by it (see the test), so each write costs
 * exactly its time, not a busy loop that a loaded machine may stretch.
 */
let taken = 0;

/** A connection whose every write takes `writeMs`: the process falls behind its schedule. */
function slowConnection(name: string, writeMs: number, log: string[]): Outgoing {
  const record = (chunk: Uint8Array | undefined): void => {
    if (chunk === undefined) return;
    log.push(`${name}@${chunk[0] ?? '?'}`);
    taken += writeMs;
  };
  return {
    write: (chunk) => {
      record(chunk);
      return true;
    },
    end: (chunk) => record(chunk),
    destroy: () => undefined,
    once: () => undefined,
    writableFinished: false,
    writableEnded: false,
  };
}

/** Frames due at these ms; each frame's one byte is its due time, so the log shows it. */
const scheduleAt = (times: number[]): Schedule => ({ frames: times.map((atMs) => ({ atMs, render: () => Uint8Array.of(atMs) })), ending: { kind: 'close' } });

describe('writing playbacks on the shared wheel', () => {
  it('when behind, writes every stream\'s frames in due order: none waits behind frames due after its own', async () => {
    // The system clock (the only one the wheel serves) runs ahead by what the writes took.
    const realNow = performance.now.bind(performance);
    const ahead = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + taken);
    const wheel = createTimerWheel();
    const log: string[] = [];
    // Whole milliseconds, a little ahead, so every frame goes through the wheel's buckets.
    const startedAt = Math.ceil(performance.now()) + 5;
    const streams: [string, number[]][] = [
      ['c', [0, 12]],
      ['a', [10, 11, 12, 13]],
      ['b', [10, 12, 14]],
    ];
    for (const [name, times] of streams) {
      writePlayback(createPlayback(scheduleAt(times), { clock: systemClock, startedAt }), slowConnection(name, 3, log), wheel);
    }
    await tick(80).finally(() => ahead.mockRestore());
    expect(log).toHaveLength(9);
    const dueTimes = log.map((entry) => Number(entry.split('@')[1]));
    // Each write takes 3 ms against 1–2 ms between frames, yet the order is the schedule's.
    expect(dueTimes).toEqual([...dueTimes].sort((x, y) => x - y));
    expect(log.slice(0, 5)).toEqual(['c@0', 'a@10', 'b@10', 'a@11', 'c@12']);
    expect(wheel.pending()).toBe(0);
  });
});
