/**
 * `npm run demo`: the emulator on the bundled fixtures and the shipped chat
 * function behind a local Function URL (client → Function URL → Lambda →
 * Bedrock, all offline), then a curl line to try.
 */
import path from 'node:path';
import { startLambdaHost } from '../src/lambda/start-lambda-host.ts';
import { startEmulator } from '../src/node/start-emulator.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** Listens on the preferred port, or any free one if it is taken. */
async function onPort<T>(start: (port: number) => Promise<T>, preferred: number): Promise<T> {
  return start(preferred).catch((error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? start(0) : Promise.reject(error)));
}

const emulator = await onPort((port) => startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], port }), 4010);
let mode: 'runtime' | 'in-process' = 'runtime';
const startHost = (port: number) =>
  startLambdaHost({
    handler: path.join(repoRoot, 'src/functions/chat-stream/index.ts#handler'),
    mode,
    timeoutSeconds: 60,
    port,
    environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url, MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' },
  });
process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] = emulator.url;
const host = await onPort(startHost, 9000).catch(async (error: Error) => {
  // Without the runtime interface client installed, run the handler in process.
  console.error(`runtime mode unavailable (${error.message}); running the handler in process`);
  mode = 'in-process';
  return onPort(startHost, 9000);
});

console.log(`bedrock-emulator   ${emulator.url}  (fixtures/)`);
console.log(`chat function      ${host.url}  (${mode} mode, RESPONSE_STREAM)`);
console.log('\nTry:');
console.log(`  curl -N ${host.url} -d '{"prompt": "Tell me a story"}'`);
console.log(`  curl -N ${host.url} -H 'accept: text/event-stream' -d '{"prompt": "What is the weather in Paris?"}'`);
console.log('\nCtrl-C to stop.');
const stop = (): void => {
  void Promise.all([host.close(), emulator.close()]).then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
