import type { Clock } from '../../core/playback/clock.ts';
import type { ResponseLimits } from './function-config.ts';

export type LimitResult = { readonly bytes: number; readonly truncated: boolean };

/**
 * Passes a function's streamed response on under Lambda's limits: the first
 * `uncappedStreamBytes` at full speed, then at most `streamBytesPerSecond`;
 * nothing past `maxStreamedBytes` (the stream ends there and its source is
 * cancelled). Time comes from the clock, so a test can own it; once
 * `stopped` aborts (the invocation is over), nothing waits any more.
 *
 * @example
 * const limit = limitStream(lambdaLimits, systemClock, signal); body.pipeThrough(limit.stream); limit.result().truncated
 */
export function limitStream(limits: ResponseLimits, clock: Clock, stopped: AbortSignal) {
  let sent = 0;
  let truncated = false;
  let cappedSince: number | undefined;
  let cappedBytes = 0;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      // Past the size limit the stream is cut: what fits goes out, under the same cap.
      truncated = sent + chunk.length > limits.maxStreamedBytes;
      const data = truncated ? chunk.subarray(0, Math.max(0, limits.maxStreamedBytes - sent)) : chunk;
      const overCap = sent + data.length - Math.max(sent, limits.uncappedStreamBytes);
      if (overCap > 0) {
        cappedSince ??= clock.now();
        cappedBytes += overCap;
        const wait = cappedSince + (cappedBytes / limits.streamBytesPerSecond) * 1000 - clock.now();
        if (wait > 0) await clock.sleep(wait, stopped).catch(() => undefined);
      }
      if (data.length > 0) controller.enqueue(data);
      sent += data.length;
      if (truncated) controller.terminate();
    },
  });
  return { stream, result: (): LimitResult => ({ bytes: sent, truncated }) };
}

export type StreamEnd = 'done' | 'cancelled' | 'errored';

/**
 * A stream that reports how it ended: read to the end, cancelled by its
 * reader (the client left), or errored (its source failed, or `signal`
 * aborted — which also cancels the source: a deadline cuts the response off).
 *
 * @example
 * const body = observeEnd(source, signal, (how) => record(how));
 */
export function observeEnd(source: ReadableStream<Uint8Array>, signal: AbortSignal, onEnd: (how: StreamEnd) => void): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let ended = false;
  const end = (how: StreamEnd): void => {
    if (ended) return;
    ended = true;
    signal.removeEventListener('abort', onAbort);
    onEnd(how);
  };
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onAbort = (): void => {
    controller?.error(signal.reason);
    reader.cancel(signal.reason).catch(() => undefined);
    end('errored');
  };
  return new ReadableStream<Uint8Array>(
    {
      start(started) {
        controller = started;
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      },
      async pull(pulled) {
        try {
          const { done, value } = await reader.read();
          if (ended) return;
          if (done) {
            pulled.close();
            end('done');
          } else {
            pulled.enqueue(value);
          }
        } catch (error) {
          if (ended) return;
          pulled.error(error);
          end('errored');
        }
      },
      async cancel(reason) {
        end('cancelled');
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The chunks of a reader, after one already read.
 *
 * @example
 * prepend(rest, reader) // `rest`, then whatever the reader still gives
 */
export function prepend(first: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let pending: Uint8Array | undefined = first.length > 0 ? first : undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending !== undefined) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads a whole stream, or stops (cancelling it) past `maxBytes`.
 *
 * @example
 * const whole = await collect(output.body, 6_291_556); if (whole === undefined) … // too large
 */
export async function collect(source: ReadableStream<Uint8Array>, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = source.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
