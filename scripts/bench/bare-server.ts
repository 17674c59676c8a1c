/**
 * The benchmark's baseline: a bare node:http server that writes the
 * emulator's frames, encoded once in advance, each at its time with a timer
 * of its own. What a minimal hand-written server does, with no per-request
 * work beyond writing. Prints `{"port": N}` when ready.
 */
import http from 'node:http';
import { plannedFrames } from './workloads.ts';

process.once('SIGINT', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));

const frames = { timed: plannedFrames('timed'), throughput: plannedFrames('throughput'), idle: plannedFrames('idle'), hello: plannedFrames('hello') };
const server = http.createServer((request, response) => {
  const startedAt = performance.now();
  let body = '';
  request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const workload = (['timed', 'idle', 'hello'] as const).find((name) => body.includes(`"${name}"`)) ?? 'throughput';
    const schedule = frames[workload];
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    let next = 0;
    let timer: NodeJS.Timeout | undefined;
    // A client that leaves takes its stream's timer with it.
    response.once('close', () => clearTimeout(timer));
    const writeDue = (): void => {
      while (next < schedule.length) {
        const frame = schedule[next];
        if (frame === undefined) break;
        const wait = startedAt + frame.atMs - performance.now();
        if (wait > 0) {
          timer = setTimeout(writeDue, wait);
          return;
        }
        next += 1;
        if (!response.write(frame.bytes)) {
          response.once('drain', writeDue);
          return;
        }
      }
      response.end();
    };
    writeDue();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
});
