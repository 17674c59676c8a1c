import { describe, expect, it } from 'vitest';
import { createManualClock as createClock } from './manual-clock.ts';
import { scheduledResponse, type PlaybackOptions, type PlaybackOutcome, type Schedule, type TimedFrame } from './play-schedule.ts';

/** The schedule itself is what these tests check, so they own time (STYLE: fake time only here). */
const createManualClock = () => {
  const clock = createClock();
  return { clock, pendingSleeps: () => clock.pendingSleeps(), advanceTo: (time: number) => clock.advanceTo(time) };
};

const frame = (atMs: number, byte: number): TimedFrame => ({ atMs, render: () => new Uint8Array([byte]) });
const closing = (frames: TimedFrame[]): Schedule => ({ frames, ending: { kind: 'close' } });

/** The body of the response that plays the schedule: the stream every web transport reads. */
function playSchedule(schedule: Schedule, options: PlaybackOptions): ReadableStream<Uint8Array> {
  const body = scheduledResponse(schedule, options, { status: 200, headers: {} }).body;
  if (body === null) throw new Error('a scheduled response has a body');
  return body;
}

/** Reads to the end, logging every byte: a frame in these tests is one byte. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, log: number[]): Promise<void> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    log.push(...value);
  }
}

describe("scheduledResponse's body", () => {
  it('releases each frame at its time after the start, not before', async () => {
    const manual = createManualClock();
    const outcomes: PlaybackOutcome[] = [];
    const stream = playSchedule(closing([frame(100, 1), frame(100, 2), frame(130, 3)]), {
      clock: manual.clock,
      startedAt: 0,
      onSettled: (outcome) => outcomes.push(outcome),
    });
    const received: number[] = [];
    const done = drain(stream.getReader(), received);
    await manual.advanceTo(99);
    expect(received).toEqual([]);
    await manual.advanceTo(100);
    expect(received).toEqual([1, 2]);
    await manual.advanceTo(129);
    expect(received).toEqual([1, 2]);
    await manual.advanceTo(130);
    await done;
    expect(received).toEqual([1, 2, 3]);
    expect(outcomes).toEqual(['completed']);
  });

  it('counts from when the request arrived, so time spent before playback is not added', async () => {
    const manual = createManualClock();
    await manual.advanceTo(40);
    const received: number[] = [];
    const done = drain(playSchedule(closing([frame(50, 1)]), { clock: manual.clock, startedAt: 10 }).getReader(), received);
    await manual.advanceTo(59);
    expect(received).toEqual([]);
    await manual.advanceTo(60);
    await done;
    expect(received).toEqual([1]);
  });

  it('waits for the reader: a frame is rendered only when it is due and asked for', async () => {
    const manual = createManualClock();
    const rendered: number[] = [];
    const lazy = (atMs: number, byte: number): TimedFrame => ({ atMs, render: () => (rendered.push(byte), new Uint8Array([byte])) });
    const stream = playSchedule(closing([lazy(0, 1), lazy(10, 2)]), { clock: manual.clock, startedAt: 0 });
    await manual.advanceTo(5);
    expect(manual.pendingSleeps()).toBe(0);
    expect(rendered).toEqual([]);
    const reader = stream.getReader();
    expect([...((await reader.read()).value ?? [])]).toEqual([1]);
    expect(rendered).toEqual([1]);
  });

  it('sends frames that are due together as one chunk', async () => {
    const manual = createManualClock();
    const reader = playSchedule(closing([frame(0, 1), frame(0, 2), frame(0, 3), frame(5, 4)]), { clock: manual.clock, startedAt: 0 }).getReader();
    expect([...((await reader.read()).value ?? [])]).toEqual([1, 2, 3]);
    const pending = reader.read();
    await manual.advanceTo(5);
    expect([...((await pending).value ?? [])]).toEqual([4]);
  });

  it('stops and clears its pending sleep when the reader cancels', async () => {
    const manual = createManualClock();
    const outcomes: PlaybackOutcome[] = [];
    const stream = playSchedule(closing([frame(0, 1), frame(1000, 2)]), { clock: manual.clock, startedAt: 0, onSettled: (o) => outcomes.push(o) });
    const reader = stream.getReader();
    await reader.read();
    const pending = reader.read();
    await manual.advanceTo(1);
    expect(manual.pendingSleeps()).toBe(1);
    await reader.cancel('client went away');
    expect(manual.pendingSleeps()).toBe(0);
    expect(outcomes).toEqual(['cancelled']);
    expect((await pending).done).toBe(true);
  });

  it('stops when its signal aborts, releasing a waiting reader with the reason', async () => {
    const manual = createManualClock();
    const abort = new AbortController();
    const outcomes: PlaybackOutcome[] = [];
    const stream = playSchedule(closing([frame(1000, 1)]), { clock: manual.clock, startedAt: 0, signal: abort.signal, onSettled: (o) => outcomes.push(o) });
    const pending = stream.getReader().read();
    await manual.advanceTo(1);
    abort.abort(new Error('disconnected'));
    await expect(pending).rejects.toThrow('disconnected');
    expect(manual.pendingSleeps()).toBe(0);
    expect(outcomes).toEqual(['cancelled']);
  });

  it('drops at the ending\'s time, after every frame, through the transport when it can', async () => {
    const manual = createManualClock();
    const outcomes: PlaybackOutcome[] = [];
    const drops: number[] = [];
    const received: number[] = [];
    const stream = playSchedule(
      { frames: [frame(0, 1), frame(10, 2)], ending: { kind: 'drop', atMs: 30 } },
      { clock: manual.clock, startedAt: 0, onSettled: (o) => outcomes.push(o), onDrop: () => (drops.push(manual.clock.now()), true) },
    );
    const reader = stream.getReader();
    const done = drain(reader, received);
    await manual.advanceTo(10);
    expect({ received, drops }).toEqual({ received: [1, 2], drops: [] });
    await manual.advanceTo(30);
    expect({ drops, outcomes }).toEqual({ drops: [30], outcomes: ['dropped'] });
    reader.releaseLock();
    void done.catch(() => undefined);
  });

  it('errors the stream for a drop no transport can make', async () => {
    const manual = createManualClock();
    const stream = playSchedule({ frames: [frame(0, 1)], ending: { kind: 'drop', atMs: 5 } }, { clock: manual.clock, startedAt: 0 });
    const received: number[] = [];
    const failed = expect(drain(stream.getReader(), received)).rejects.toThrow('dropped the connection');
    await manual.advanceTo(5);
    await failed;
    expect(received).toEqual([1]);
  });

  it('hangs after its frames until the reader leaves, holding no timer', async () => {
    const manual = createManualClock();
    const abort = new AbortController();
    const outcomes: PlaybackOutcome[] = [];
    const stream = playSchedule({ frames: [frame(0, 1)], ending: { kind: 'hang', atMs: 20 } }, { clock: manual.clock, startedAt: 0, signal: abort.signal, onSettled: (o) => outcomes.push(o) });
    const reader = stream.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1]));
    const next = reader.read();
    await manual.advanceTo(10_000);
    expect({ pending: manual.pendingSleeps(), outcomes }).toEqual({ pending: 0, outcomes: [] });
    abort.abort(new Error('client left'));
    await expect(next).rejects.toThrow('client left');
    expect(outcomes).toEqual(['cancelled']);
  });
});
