/**
 * `npm run demo`: the whole web chain, offline — the emulator on the bundled
 * fixtures, a local DynamoDB, the shipped chat functions behind a WebSocket
 * API, a Function URL and a REST API (STREAM and BUFFERED) — and the chat
 * page with its Stop button. Prints the page's URL.
 *
 *   npm run demo [-- --mode runtime] [-- --port 8080]
 */
import { parseArgs } from 'node:util';
import { startDemo } from '../demo/start-demo.ts';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'in-process' }, port: { type: 'string', default: '8080' } } });
if (values.mode !== 'in-process' && values.mode !== 'runtime') throw new Error(`--mode is in-process or runtime, got ${values.mode}`);
const mode = values.mode;
const demo = await startDemo({ mode, port: Number(values.port) }).catch((error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? startDemo({ mode, port: 0 }) : Promise.reject(error)));

console.log(`chat page          ${demo.pageUrl}   ← open this`);
console.log(`bedrock-emulator   ${demo.emulatorUrl}  (fixtures/)`);
console.log(`WebSocket API      ${demo.webSocketUrl}  (chat-websocket, ${mode})`);
console.log(`Function URL       ${demo.functionUrl}  (chat-stream, RESPONSE_STREAM)`);
console.log(`REST API           ${demo.restApiUrl}/chat-stream (STREAM), ${demo.restApiUrl}/chat (BUFFERED, 29 s)`);
console.log('\nTry:');
console.log(`  curl -N ${demo.functionUrl} -d '{"prompt": "Tell me a story"}'`);
console.log(`  curl -N ${demo.restApiUrl}/chat-stream -d '{"prompt": "Tell me a story"}'`);
console.log('\nOn the page, ask for "a long story" (35 s) to see Stop, and the BUFFERED path answer 504. Ctrl-C to stop.');
const stop = (): void => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
