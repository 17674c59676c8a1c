import { describe, expect, it } from 'vitest';
import { createTimerWheel } from './timer-wheel.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the timer wheel', () => {
  it('runs tasks in time order, those due in one millisecond in one turn, and the deferred work after them', async () => {
    const wheel = createTimerWheel();
    const ran: string[] = [];
    const start = performance.now();
    wheel.at(start + 20, () => ran.push('b'));
    wheel.at(start + 5, () => {
      ran.push('a1');
      wheel.afterwards(() => ran.push('after a'));
    });
    wheel.at(start + 5, () => ran.push('a2'));
    await tick(40);
    expect(ran).toEqual(['a1', 'a2', 'after a', 'b']);
    expect(wheel.pending()).toBe(0);
  });

  it('sends the writes every due task queued before anyone\'s bookkeeping, and runs both outside a turn too', async () => {
    const wheel = createTimerWheel();
    const ran: string[] = [];
    const due = performance.now() + 5;
    for (const name of ['a', 'b']) {
      wheel.at(due, () => {
        ran.push(`queue ${name}`);
        wheel.flush(() => ran.push(`send ${name}`));
        wheel.afterwards(() => ran.push(`report ${name}`));
      });
    }
    await tick(20);
    expect(ran).toEqual(['queue a', 'queue b', 'send a', 'send b', 'report a', 'report b']);
    ran.length = 0;
    wheel.afterwards(() => ran.push('report'));
    wheel.flush(() => ran.push('send'));
    await Promise.resolve();
    expect(ran).toEqual(['send', 'report']);
  });

  it('holds no timer once its last task is cancelled, so nothing keeps the process up', async () => {
    const wheel = createTimerWheel();
    let ran = false;
    const cancel = wheel.at(performance.now() + 10, () => (ran = true));
    expect(wheel.pending()).toBe(1);
    cancel();
    cancel();
    expect(wheel.pending()).toBe(0);
    await tick(25);
    expect(ran).toBe(false);
  });

  it('runs a task already due at the next turn', async () => {
    const wheel = createTimerWheel();
    let ran = false;
    wheel.at(performance.now() - 50, () => (ran = true));
    expect(ran).toBe(false);
    await tick(5);
    expect(ran).toBe(true);
  });

  it('when behind, runs a task found due during its turn in time order, and hands the event loop back once past its budget', async () => {
    // The wheel's clock runs ahead by what the tasks "take": each task costs exactly its time, not
    // a busy loop that a loaded machine may stretch past the budget on its own.
    let taken = 0;
    const now = (): number => performance.now() + taken;
    const wheel = createTimerWheel(now, 5);
    const ran: string[] = [];
    const busy = (ms: number): void => {
      // The process is behind: each task takes as long as the time between them.
      taken += ms;
    };
    // Whole milliseconds, so which bucket each task falls in is certain.
    const start = Math.ceil(now());
    for (let index = 0; index < 6; index += 1) {
      wheel.at(start + 2 + index, () => {
        ran.push(`task ${index}`);
        if (index === 0) {
          setImmediate(() => ran.push('event loop'));
          // Due with task 1 (and already past) when it is scheduled: it runs after task 1, before task 2.
          wheel.afterwards(() => wheel.at(start + 3, () => ran.push('found due')));
        }
        busy(1);
      });
    }
    await tick(40);
    expect(ran.slice(0, 3)).toEqual(['task 0', 'task 1', 'found due']);
    // The event loop had its turn once the turn passed its 5 ms budget, before the six tasks were done.
    const eventLoopAt = ran.indexOf('event loop');
    expect(eventLoopAt).toBeGreaterThan(2);
    expect(eventLoopAt).toBeLessThan(ran.length - 1);
    expect(ran.filter((entry) => entry.startsWith('task'))).toHaveLength(6);
    expect(wheel.pending()).toBe(0);
  });
});

