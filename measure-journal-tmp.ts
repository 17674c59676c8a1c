import { startEmulator } from './src/node/start-emulator.ts';
const server = await startEmulator({ fixtures: [] });
const prompt = 'x'.repeat(23_500_000);
const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: prompt }] });
const rss = () => Math.round(process.memoryUsage().rss / 1e6);
const started = performance.now();
for (let call = 1; call <= 300; call++) {
  const response = await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body });
  if (response.status !== 200) { console.log('status', response.status, await response.text()); break; }
  await response.arrayBuffer();
  if (call % 50 === 0) {
    const calls = await fetch(`${server.url}/_emulator/calls`);
    console.log(`call ${call}: rss ${rss()} MB, /_emulator/calls ${calls.status} ${(await calls.text()).length} chars, ${Math.round((performance.now() - started) / 1000)} s`);
  }
}
await server.close();
