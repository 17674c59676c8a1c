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
});
