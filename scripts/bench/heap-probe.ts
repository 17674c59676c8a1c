/**
 * Loaded into any server process with `node --expose-gc --import
 * scripts/bench/heap-probe.ts …`: answers each line on stdin with the heap
 * after a full collection and the number of open TCP connections, as one JSON
 * line on stderr (stdout is the server's own). The same measure for every
 * server in the memory benchmark, without touching its code.
 */
import { createInterface } from 'node:readline';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('heap-probe needs --expose-gc');
const input = createInterface({ input: process.stdin });
input.on('line', () => {
  gc();
  gc();
  const connections = process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
  process.stderr.write(`heap-probe ${JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, connections })}\n`);
});
// stdin must not keep a server alive that was asked to stop.
(process.stdin as { unref?: () => void }).unref?.();
