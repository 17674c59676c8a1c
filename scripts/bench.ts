/**
 * `npm run bench`: how close the emulator comes to a bare node:http server
 * writing the same pre-encoded frames, measured in the same run.
 *
 * 1. Throughput: zero-delay streams of ~4,000 chunk frames, read by a client
 *    that decodes every frame with smithy's codec (CRCs checked), C at a time.
 * 2. Timing: N concurrent timed streams (first token at 100 ms, then a delta
 *    every 20 ms); the error of each frame's arrival against its schedule.
 *
 * Each server runs in its own process; this process only observes. Not a test:
 * it prints figures and ratios, it asserts nothing.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { modelId, plannedFrames, requestBody } from './bench-fixtures.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    streams: { type: 'string', default: '50,200' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const streamCounts = values.streams.split(',').map(Number);

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

type Server = { port: number; stop(): void };

async function startServer(kind: 'emulator' | 'baseline'): Promise<Server> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'bench-server.ts'), kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}

/**
 * One stream: calls `onFrame(bytes, arrivedAt)` for each whole frame, found by
 * its length prefix as it arrives.
 */
function stream(port: number, kind: 'throughput' | 'timed', onFrame: (frame: Uint8Array, arrivedAtMs: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/model/${modelId}/invoke-with-response-stream`, agent }, (response) => {
      let pending: Buffer = Buffer.alloc(0);
      response.on('data', (chunk: Buffer) => {
        const arrivedAt = performance.now() - startedAt;
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        while (pending.length >= 4) {
          const length = pending.readUInt32BE(0);
          if (pending.length < length) break;
          onFrame(pending.subarray(0, length), arrivedAt);
          pending = pending.subarray(length);
        }
      });
      response.on('end', () => resolve(startedAt));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(requestBody(kind));
  });
}

async function throughput(port: number): Promise<number> {
  let frames = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await stream(port, 'throughput', (frame) => {
        codec.decode(frame);
        frames += 1;
      });
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return frames / ((performance.now() - startedAt) / 1000);
}

async function timingErrors(port: number, streams: number): Promise<number[]> {
  const schedule = plannedFrames('timed').map((frame) => frame.atMs);
  const errors: number[] = [];
  await Promise.all(
    Array.from({ length: streams }, async () => {
      let index = 0;
      await stream(port, 'timed', (_frame, arrivedAt) => {
        errors.push(arrivedAt - (schedule[index] ?? Number.NaN));
        index += 1;
      });
    }),
  );
  return errors;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

const emulator = await startServer('emulator');
const baseline = await startServer('baseline');
try {
  // Warm both up (JIT, connections) before measuring.
  await throughput(emulator.port);
  await throughput(baseline.port);

  const framesEmulator = await throughput(emulator.port);
  const framesBaseline = await throughput(baseline.port);
  console.log(`throughput, zero delay, ${concurrency} concurrent decoding clients, ${seconds} s each:`);
  console.log(`  emulator  ${Math.round(framesEmulator).toLocaleString('en-US')} frames/s`);
  console.log(`  baseline  ${Math.round(framesBaseline).toLocaleString('en-US')} frames/s (bare node:http, same frames)`);
  console.log(`  ratio     ${(framesEmulator / framesBaseline).toFixed(2)}× baseline`);

  for (const streams of streamCounts) {
    const emulatorErrors = await timingErrors(emulator.port, streams);
    const baselineErrors = await timingErrors(baseline.port, streams);
    const [e50, e99, b50, b99] = [percentile(emulatorErrors, 50), percentile(emulatorErrors, 99), percentile(baselineErrors, 50), percentile(baselineErrors, 99)];
    console.log(`timing, ${streams} concurrent streams (first token 100 ms, a delta every 20 ms), arrival error vs schedule:`);
    console.log(`  emulator  p50 ${ms(e50)}  p99 ${ms(e99)}`);
    console.log(`  baseline  p50 ${ms(b50)}  p99 ${ms(b99)}`);
    console.log(`  ratio     p50 ${(e50 / b50).toFixed(2)}×  p99 ${(e99 / b99).toFixed(2)}× baseline`);
  }
} finally {
  emulator.stop();
  baseline.stop();
  agent.destroy();
}
