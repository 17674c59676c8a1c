import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/playback/manual-clock.ts';
import { collect, limitStream, observeEnd, prepend, type StreamEnd } from './limit-stream.ts';

const limits = { maxBufferedBytes: 100, maxStreamedBytes: 25, uncappedStreamBytes: 10, streamBytesPerSecond: 10 };
const chunks = (...sizes: number[]): ReadableStream<Uint8Array> => {
  const queue = sizes.map((size) => new Uint8Array(size).fill(7));
  return new ReadableStream({ pull: (controller) => (queue.length === 0 ? controller.close() : controller.enqueue(queue.shift() ?? new Uint8Array())) });
};

describe('limitStream', () => {
  it('passes the uncapped bytes at once, then holds to the bandwidth cap (on the clock it is given)', async () => {
    const clock = createManualClock();
    const limit = limitStream(limits, clock, new AbortController().signal);
    const reader = chunks(10, 5).pipeThrough(limit.stream).getReader();
    expect((await reader.read()).value?.length).toBe(10);
    const second = reader.read();
    await clock.advance(0); // let the transform start its wait at time 0
    await clock.advance(499);
    expect(clock.pendingSleeps()).toBe(1); // 5 bytes over the cap at 10 B/s: 500 ms
    await clock.advance(1);
    expect((await second).value?.length).toBe(5);
  });

  it('cuts the stream at the size limit and says so', async () => {
    const limit = limitStream({ ...limits, uncappedStreamBytes: 1000 }, createManualClock(), new AbortController().signal);
    const body = await collect(chunks(10, 10, 10, 10).pipeThrough(limit.stream));
    expect(body?.length).toBe(25);
    expect(limit.result()).toEqual({ bytes: 25, truncated: true });
  });

  it('stops waiting once the invocation has stopped', async () => {
    const clock = createManualClock();
    const stopped = new AbortController();
    const reader = chunks(10, 50).pipeThrough(limitStream({ ...limits, maxStreamedBytes: 1000 }, clock, stopped.signal).stream).getReader();
    await reader.read();
    const next = reader.read();
    await clock.advance(0);
    expect(clock.pendingSleeps()).toBe(1);
    stopped.abort();
    expect((await next).value?.length).toBe(50);
    expect(clock.pendingSleeps()).toBe(0);
  });
});

describe('observeEnd', () => {
  it.each<[string, (stream: ReadableStream<Uint8Array>, cut: AbortController) => Promise<unknown>, StreamEnd]>([
    ['read to the end', (stream) => collect(stream), 'done'],
    ['cancelled by its reader', (stream) => stream.cancel(), 'cancelled'],
    ['cut off', async (stream, cut) => {
      const read = collect(stream).catch(() => 'failed');
      cut.abort(new Error('deadline'));
      return read;
    }, 'errored'],
  ])('reports a stream %s', async (_name, use, expected) => {
    const ends: StreamEnd[] = [];
    const cut = new AbortController();
    await use(observeEnd(prepend(new Uint8Array([1]), chunks(3).getReader()), cut.signal, (how) => ends.push(how)), cut);
    expect(ends).toEqual([expected]);
  });
});
