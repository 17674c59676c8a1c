/**
 * Run by test/emulator/journal-memory.test.ts in its own process (with --expose-gc):
 * an emulator takes CALLS InvokeModel calls of a 23.5 MB prompt — legal,
 * under Bedrock's 25 MB — and prints its heap afterwards, in MB.
 */
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';

const calls = Number(process.argv[2] ?? 15);
const server = await startEmulator({ fixtures: [] });
const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(23_500_000) }] });
for (let call = 0; call < calls; call++) {
  const response = await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body });
  await response.arrayBuffer();
}
const journal = await (await fetch(`${server.url}/_emulator/calls`)).text();
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(JSON.stringify({ heapMb: Math.round(process.memoryUsage().heapUsed / 1e6), journalChars: journal.length }));
await server.close();
