/**
 * `npm run bench`: bedrock-emulator against a bare node:http server writing
 * pre-encoded frames and against @copilotkit/aimock (the nearest peer), on the
 * same workloads (scripts/bench/workloads.ts), each server alone in its own
 * process, one after another, in one run. Every figure is printed beside the
 * others' as a ratio. Not a test: it asserts nothing.
 *
 * 1. Timing at scale: the C observer (scripts/bench/observer.c, epoll, far
 *    lighter than any server) opens N concurrent InvokeModelWithResponseStream
 *    calls; the error of the first delta and of each gap against the schedule.
 *    A C server that only writes (scripts/bench/floor-server.c) is timed too,
 *    as the machine's floor: a reference, not a peer.
 * 2. Throughput: zero-delay streams read by the C client (scripts/bench/
 *    throughput.c) on K keep-alive connections, every frame's CRCs checked.
 * 3. Start: from spawn to the first served request, through each one's bin.
 * 4. Memory: the heap an open, idle stream costs the emulator.
 *
 *   npm run bench [-- --streams 200,1000,2000 --connections 32 --seconds 5 --starts 7 --idle 2000 --only timing,throughput,start,memory]
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { invokePath, requestBody, streamPath, timed, writeWorkloadFiles } from './bench/workloads.ts';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '200,1000,2000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    starts: { type: 'string', default: '7' },
    idle: { type: 'string', default: '2000' },
    only: { type: 'string', default: 'timing,throughput,start,memory' },
  },
});
const only = new Set(values.only.split(','));
const repoRoot = path.resolve(import.meta.dirname, '..');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/bedrock-emulator-bench');
const files = writeWorkloadFiles(cacheDir);
const tool = (name: string): string => path.join(cacheDir, name);
for (const name of ['observer', 'throughput', 'floor-server']) execFileSync('cc', ['-O2', '-o', tool(name), path.join(import.meta.dirname, 'bench', `${name}.c`)]);

type Kind = 'emulator' | 'bare' | 'aimock';
const kinds: readonly Kind[] = ['emulator', 'bare', 'aimock'];
/** Timing also runs the floor: a C server with no work but writing (scripts/bench/floor-server.c), for reference, not a peer. */
type TimingKind = Kind | 'floor';
const timingKinds: readonly TimingKind[] = [...kinds, 'floor'];
type Running = { readonly port: number; stop(): Promise<void> };

// The package's bin as installed: bundled from src/ by the build's own script.
execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-bin.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
const emulatorBin = path.join(repoRoot, 'dist/bin/bedrock-emulator.js');
const aimockBin = path.join(repoRoot, 'node_modules/@copilotkit/aimock/dist/cli.js');

/** Starts a server in its own process and resolves with its port once it says it listens. */
function startServer(kind: TimingKind, nodeOptions: string[] = []): Promise<Running & { child: ChildProcessByStdio<Writable, Readable, null> }> {
  if (kind === 'floor') return startProcess([files.timedFrames], (line) => /"port":(\d+)/.exec(line)?.[1], [], process.env, tool('floor-server'));
  const args: Record<Kind, string[]> = {
    emulator: [emulatorBin, 'start', '--port', '0', '--fixtures', files.emulatorFixtures],
    bare: [path.join(import.meta.dirname, 'bench/bare-server.ts')],
    aimock: [aimockBin, '--port', '0', '--fixtures', files.aimockFixtures, '--log-level', 'info'],
  };
  return startProcess(args[kind], (line) => /listening on http:\/\/[^:]+:(\d+)/.exec(line)?.[1] ?? /"port":(\d+)/.exec(line)?.[1], nodeOptions);
}

function startProcess(args: string[], portOf: (line: string) => string | undefined, nodeOptions: string[] = [], env: NodeJS.ProcessEnv = process.env, command = process.execPath): Promise<Running & { child: ChildProcessByStdio<Writable, Readable, null> }> {
  // stderr is piped only for the heap probe, whose answers it carries.
  const probed = nodeOptions.includes('--expose-gc');
  const child = spawn(command, [...nodeOptions, ...args], { stdio: ['pipe', 'pipe', probed ? 'pipe' : 'inherit'], env }) as unknown as ChildProcessByStdio<Writable, Readable, null>;
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const port = portOf(line);
      if (port === undefined) return;
      lines.removeAllListeners('line');
      resolve({ port: Number(port), child, stop: () => stopProcess(child) });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function stopProcess(child: { exitCode: number | null; kill(signal: NodeJS.Signals): boolean; once(event: 'exit', listener: () => void): unknown }): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Each server, alone, one after another. */
async function eachServer<T, K extends TimingKind = Kind>(measure: (server: Running, kind: K) => T | Promise<T>, servers: readonly K[] = kinds as readonly K[]): Promise<Record<K, T>> {
  const results: Partial<Record<K, T>> = {};
  for (const kind of servers) {
    const server = await startServer(kind);
    try {
      results[kind] = await measure(server, kind);
    } finally {
      await server.stop();
    }
  }
  return results as Record<K, T>;
}

const run = (command: string, args: string[]): string => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
};
const number = (text: string, pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? Number.NaN);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (ours: number, theirs: number): string => (Number.isFinite(ours) && Number.isFinite(theirs) && theirs !== 0 ? `${(ours / theirs).toFixed(2)}×` : 'n/a');
const table = (header: string[], rows: string[][]): void => {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
};

console.log(`bedrock-emulator benchmark — ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`);

if (only.has('timing')) {
  const counts = values.streams.split(',').map(Number);
  type Timing = { firstP50: number; firstP99: number; gapP50: number; gapP99: number; failed: number };
  const results = await eachServer((server) => {
    const byCount = new Map<number, Timing>();
    const observe = (count: number): string => run(tool('observer'), ['127.0.0.1', String(server.port), streamPath, files.body('timed'), String(count), String(timed.timeToFirstTokenMs), String(timed.deltaIntervalMs)]);
    // One unmeasured round first, as for throughput: every server is timed warm (JIT, caches).
    observe(Math.min(...counts));
    for (const count of counts) {
      // Each figure is the median of its rounds: one round on this machine can be off by 2×.
      const rounds = Array.from({ length: Number(values.rounds) }, () => observe(count));
      const figure = (pattern: RegExp): number => median(rounds.map((output) => number(output, pattern)));
      byCount.set(count, {
        firstP50: figure(/first-delta error ms: p50 (-?[\d.]+)/),
        firstP99: figure(/first-delta error ms: p50 -?[\d.]+ p99 (-?[\d.]+)/),
        gapP50: figure(/gap error ms: p50 ([\d.]+)/),
        gapP99: figure(/gap error ms: p50 [\d.]+ p99 ([\d.]+)/),
        failed: Math.max(...rounds.map((output) => number(output, /(\d+) failed/))),
      });
    }
    return byCount;
  }, timingKinds);
  console.log(`\n## Timing: first delta due ${timed.timeToFirstTokenMs} ms after the request, then one every ${timed.deltaIntervalMs} ms (C observer, error vs schedule, ms; median of ${values.rounds} rounds)\n`);
  const rows: string[][] = [];
  for (const count of counts) {
    for (const kind of timingKinds) {
      const timing = results[kind].get(count);
      if (timing === undefined) continue;
      rows.push([String(count), kind === 'floor' ? 'floor (C, reference)' : kind, fixed(timing.firstP50), fixed(timing.firstP99), fixed(timing.gapP50), fixed(timing.gapP99), String(timing.failed)]);
    }
    const ours = results.emulator.get(count);
    const best = (pick: (timing: Timing) => number): number => Math.min(pick(results.bare.get(count) as Timing), pick(results.aimock.get(count) as Timing));
    if (ours !== undefined) rows.push([String(count), '**emulator ÷ best peer**', '', ratio(ours.firstP99, best((timing) => timing.firstP99)), '', ratio(ours.gapP99, best((timing) => timing.gapP99)), '']);
  }
  table(['streams', 'server', 'first delta p50', 'first delta p99', 'gaps p50', 'gaps p99', 'failed'], rows);
}

if (only.has('throughput')) {
  const connections = values.connections;
  const results = await eachServer((server) => {
    // A short warm-up (JIT, connections), then the measure.
    run(tool('throughput'), ['127.0.0.1', String(server.port), streamPath, files.body('throughput'), connections, '1']);
    const output = run(tool('throughput'), ['127.0.0.1', String(server.port), streamPath, files.body('throughput'), connections, values.seconds]);
    return { framesPerSecond: number(output, /frames_per_s (\d+)/), errors: number(output, /crc_errors (\d+)/) + number(output, /bad (\d+)/) };
  });
  console.log(`\n## Throughput: zero-delay streams of 2,006 frames, ${connections} keep-alive connections, ${values.seconds} s, every frame decoded (C client)\n`);
  table(
    ['server', 'frames/s', 'emulator ÷ it', 'errors'],
    kinds.map((kind) => [kind, Math.round(results[kind].framesPerSecond).toLocaleString('en-US'), kind === 'emulator' ? '' : ratio(results.emulator.framesPerSecond, results[kind].framesPerSecond), String(results[kind].errors)]),
  );
}

if (only.has('start')) {
  // Node's compile cache (which the bin turns on) is filled by the first run;
  // "cold" turns it off, as on a machine's very first start.
  type Starter = 'emulator' | 'emulator, cold' | 'aimock';
  const starters: Record<Starter, { args: string[]; env: NodeJS.ProcessEnv }> = {
    emulator: { args: [emulatorBin, 'start', '--port', '0', '--fixtures', files.emulatorFixtures], env: process.env },
    'emulator, cold': { args: [emulatorBin, 'start', '--port', '0', '--fixtures', files.emulatorFixtures], env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } },
    aimock: { args: [aimockBin, '--port', '0', '--fixtures', files.aimockFixtures, '--log-level', 'info'], env: process.env },
  };
  const names = Object.keys(starters) as Starter[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Starter, number[]>;
  for (let round = 0; round < Number(values.starts); round++) {
    for (const name of names) {
      const spawnedAt = performance.now();
      const server = await startProcess(starters[name].args, (line) => /listening on http:\/\/[^:]+:(\d+)/.exec(line)?.[1], [], starters[name].env);
      await post(server.port, invokePath, requestBody('hello'));
      times[name].push(performance.now() - spawnedAt);
      await server.stop();
    }
  }
  console.log(`\n## Start: spawn → first answered request, through the bin (median of ${values.starts})\n`);
  table(
    ['server', 'median', 'min', 'max', 'emulator ÷ it'],
    names.map((name) => [name, `${fixed(median(times[name]), 0)} ms`, `${fixed(Math.min(...times[name]), 0)} ms`, `${fixed(Math.max(...times[name]), 0)} ms`, name === 'aimock' ? ratio(median(times.emulator), median(times.aimock)) : '']),
  );
}

if (only.has('memory')) {
  const idle = Number(values.idle);
  type Heap = { heapUsed: number; connections: number };
  const results = {} as Record<Kind, { baseline: Heap; held: Heap; after: Heap }>;
  for (const kind of kinds) {
    const server = await startServer(kind, ['--expose-gc', '--import', path.join(import.meta.dirname, 'bench/heap-probe.ts')]);
    const probe = createInterface({ input: (server.child as unknown as { stderr: Readable }).stderr });
    const heap = (): Promise<Heap> =>
      new Promise((resolve) => {
        const onLine = (line: string): void => {
          if (!line.startsWith('heap-probe ')) return;
          probe.off('line', onLine);
          resolve(JSON.parse(line.slice('heap-probe '.length)) as Heap);
        };
        probe.on('line', onLine);
        server.child.stdin.write('heap\n');
      });
    /** Polls until `done`, then waits for the process to settle (closed sockets are freed by libuv's close callbacks, a moment later). */
    const heapWhen = async (done: (heap: Heap) => boolean): Promise<Heap> => {
      for (let polls = 0; !done(await heap()) && polls < 200; polls++) await sleep(50);
      await sleep(500);
      return heap();
    };
    try {
      // Warm up: every path once (so the baseline holds the code it compiles),
      // and 1,000 calls, which fills the emulator's journal to its size.
      for (let batch = 0; batch < 20; batch++) await Promise.all(Array.from({ length: 50 }, () => post(server.port, streamPath, requestBody('hello'))));
      const warmUp = await holdStreams(server.port, 200);
      await sleep(500);
      for (const socket of warmUp) socket.destroy();
      const baseline = await heapWhen((now) => now.connections === 0);
      const sockets = await holdStreams(server.port, idle);
      const held = await heapWhen((now) => now.connections >= idle);
      for (const socket of sockets) socket.destroy();
      const after = await heapWhen((now) => now.connections === 0);
      results[kind] = { baseline, held, after };
    } finally {
      await server.stop();
    }
  }
  const perStream = (kind: Kind): number => (results[kind].held.heapUsed - results[kind].baseline.heapUsed) / idle;
  const megabytes = (bytes: number): string => `${fixed(bytes / 1048576)} MB`;
  console.log(`\n## Memory: ${idle} open idle streams (first token 10 minutes away), heap after a full GC\n`);
  table(
    ['server', 'before', 'held', 'per open stream', 'emulator ÷ it', 'after the clients left'],
    kinds.map((kind) => {
      const { baseline, held, after } = results[kind];
      const left = after.heapUsed - baseline.heapUsed;
      return [kind, megabytes(baseline.heapUsed), megabytes(held.heapUsed), `${fixed(perStream(kind) / 1024)} KB`, kind === 'emulator' ? '' : ratio(perStream('emulator'), perStream(kind)), `${left >= 0 ? '+' : '−'}${megabytes(Math.abs(left))}`];
    }),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One request, its answer read to the end. */
function post(port: number, requestPath: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: requestPath, agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve());
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** Opens `count` streaming calls on raw sockets and leaves them waiting. */
async function holdStreams(port: number, count: number): Promise<net.Socket[]> {
  const body = requestBody('idle');
  const request = `POST ${streamPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const sockets: net.Socket[] = [];
  for (let opened = 0; opened < count; opened += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - opened) }, () => new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(request);
          resolve();
        });
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        sockets.push(socket);
      })),
    );
  }
  return sockets;
}
