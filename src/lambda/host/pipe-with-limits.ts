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
export async function pipeWithLimits(source: Readable, target: Writable, limits: ResponseLimits, signal: AbortSignal, alreadySent = 0): Promise<PipeResult> {
  let sent = alreadySent;
  let cappedSince: number | undefined;
  let cappedBytes = 0;
  for await (const chunk of source) {
    if (signal.aborted) break;
    let data = chunk as Buffer;
    if (sent + data.length > limits.maxStreamedBytes) {
      data = data.subarray(0, Math.max(0, limits.maxStreamedBytes - sent));
      await write(target, data);
      source.destroy();
      return { bytes: sent + data.length, truncated: true };
    }
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
