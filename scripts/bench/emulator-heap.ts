/**
 * The emulator for the memory measure: served as `bedrock-emulator start`
 * serves it, in a process started with --expose-gc, answering one line on
 * stdin (`heap`) with the heap after a full collection and the streams open.
 * Prints `{"port": N}` when ready.
 */
import { createInterface } from 'node:readline';
import { startEmulator } from '../../src/node/start-emulator.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const server = await startEmulator({ fixturePaths: [process.argv[2] ?? ''], port: 0 });
console.log(JSON.stringify({ port: server.port }));
createInterface({ input: process.stdin }).on('line', () => {
  gc();
  gc();
  console.log(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, activeStreams: server.emulator.stats().activeStreams }));
});
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
