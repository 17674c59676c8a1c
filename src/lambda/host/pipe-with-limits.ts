import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResponseLimits } from '../function-config.ts';

export type PipeResult = { readonly bytes: number; readonly truncated: boolean };

/**
 * Copies a function's streamed response to the client as it arrives, under
 * Lambda's limits: the first `uncappedStreamBytes` at full speed, then at most
 * `streamBytesPerSecond`; nothing past `maxStreamedBytes` (the stream is cut
 * there). Waits for the client to drain; stops when `signal` aborts.
 */
export async function pipeWithLimits(source: Readable, target: Writable, limits: ResponseLimits, signal: AbortSignal, first?: Buffer): Promise<PipeResult> {
  let sent = 0;
  let cappedSince: number | undefined;
  let cappedBytes = 0;
  const chunks = async function* (): AsyncGenerator<Buffer> {
    if (first !== undefined) yield first;
    for await (const chunk of source) yield chunk as Buffer;
  };
  for await (const chunk of chunks()) {
    if (signal.aborted) break;
    // Past the size limit the stream is cut: what fits goes out, under the same cap.
    const truncated = sent + chunk.length > limits.maxStreamedBytes;
    const data = truncated ? chunk.subarray(0, Math.max(0, limits.maxStreamedBytes - sent)) : chunk;
    const overCap = sent + data.length - Math.max(sent, limits.uncappedStreamBytes);
    if (overCap > 0) {
      cappedSince ??= performance.now();
      cappedBytes += overCap;
      const due = cappedSince + (cappedBytes / limits.streamBytesPerSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
    await write(target, data);
    sent += data.length;
    if (truncated) {
      source.destroy();
      return { bytes: sent, truncated: true };
    }
  }
  return { bytes: sent, truncated: false };
}

/** Writes and waits for the client to take it, as a streaming proxy must. */
export function write(target: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (data.length === 0 || target.destroyed) {
      resolve();
      return;
    }
    if (target.write(data)) {
      resolve();
      return;
    }
    const done = (): void => {
      target.off('drain', done);
      target.off('close', done);
      resolve();
    };
    target.once('drain', done);
    target.once('close', done);
  });
}
