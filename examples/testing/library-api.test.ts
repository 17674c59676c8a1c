// The library API: serve the emulator on a port from code, or call it with no socket at all.
import { expect, it } from 'vitest';
import { createEmulator, defineFixtures } from 'bedrock-emulator'; // the transport-free core
import { startEmulator } from 'bedrock-emulator/node'; // serve it on a port

const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'ping' }] });

it('serves on a free port, from fixture files and fixtures written in code', async () => {
  const server = await startEmulator({
    port: 0, // a free port, on 127.0.0.1
    fixturePaths: ['fixtures'], // files or folders, like --fixtures
    fixtures: defineFixtures([{ match: { lastUserMessage: 'ping' }, response: { text: 'pong' }, timing: 'instant' }]),
    timeScale: 1, // like --speed
  });
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = server.url;
  // … run the code under test; here, a plain request:
  const response = await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body, headers: { connection: 'close' } });
  expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toBe('pong');
  await server.close();
  delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
});

it('answers a web-standard Request with no socket', async () => {
  const emulator = createEmulator({ fixtures: defineFixtures([{ response: { text: 'Hi!' } }]) });
  const response = await emulator.fetch(new Request('http://bedrock/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke', { method: 'POST', body }));
  expect(((await response.json()) as { content: { text: string }[] }).content).toEqual([{ type: 'text', text: 'Hi!' }]);
  expect(emulator.calls()[0]?.outcome).toBe('completed');
});
