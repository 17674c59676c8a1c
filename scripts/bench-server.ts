/**
 * One server of the benchmark, in its own process so the observer does not
 * share its event loop: `emulator` (the real thing) or `baseline` (a bare
 * node:http server writing the same pre-encoded frames on the same schedule).
 * Prints `{"port": N}` when ready.
 */
import http from 'node:http';
import { startEmulator } from '../src/node/start-emulator.ts';
import { benchFixtures, plannedFrames } from './bench-fixtures.ts';

const kind = process.argv[2];
// Exit normally on a signal, so --cpu-prof can write its profile.
process.once('SIGINT', () => process.exit(0));

if (kind === 'emulator') {
  const server = await startEmulator({ fixtures: benchFixtures, port: 0 });
  console.log(JSON.stringify({ port: server.port }));
} else if (kind === 'baseline') {
  // Pre-encoded once: the baseline does no per-request work beyond writing.
  const preEncoded = (kind: 'throughput' | 'timed') => plannedFrames(kind).map((frame) => ({ atMs: frame.atMs, bytes: frame.render() }));
  const frames = { throughput: preEncoded('throughput'), timed: preEncoded('timed') };
  const server = http.createServer((request, response) => {
    const startedAt = performance.now();
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const schedule = body.includes('"timed"') ? frames.timed : frames.throughput;
      response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      let next = 0;
      const writeDue = (): void => {
        while (next < schedule.length) {
          const frame = schedule[next];
          if (frame === undefined) break;
          const wait = startedAt + frame.atMs - performance.now();
          if (wait > 0) {
            setTimeout(writeDue, wait);
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
} else {
  console.error('usage: bench-server.ts emulator|baseline');
  process.exit(2);
}
