import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { useBedrockEmulator } from '../../src/adapters/vitest/use-bedrock-emulator.ts';

const environmentBefore = {
  endpoint: process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'],
  region: process.env['AWS_REGION'],
  key: process.env['AWS_ACCESS_KEY_ID'],
};
let url = '';
let serverAtTheEnd: { openConnections(): number } | undefined;

// Registered first, so it runs last: after the helper has torn everything down.
afterAll(async () => {
  expect({
    endpoint: process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'],
    region: process.env['AWS_REGION'],
    key: process.env['AWS_ACCESS_KEY_ID'],
  }).toEqual(environmentBefore);
  expect(serverAtTheEnd?.openConnections()).toBe(0);
  await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
});

const bedrock = useBedrockEmulator({
  fixturePaths: ['fixtures'],
  fixtures: [{ name: 'inline', match: { lastUserMessage: 'inline' }, response: { text: 'from the test file' }, timing: 'instant' }],
  timeScale: 0,
});

describe('useBedrockEmulator', () => {
  it('points clients built from the environment at a real server on 127.0.0.1', async () => {
    url = bedrock.url;
    serverAtTheEnd = bedrock.server;
    expect(bedrock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME']).toBe(bedrock.url);
    const client = new BedrockRuntimeClient({});
    try {
      const response = await client.send(new ConverseCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'inline please' }] }] }));
      expect(response.output?.message?.content).toEqual([{ text: 'from the test file' }]);
    } finally {
      client.destroy();
    }
  });

  it('serves fixture folders too, and the Anthropic SDK finds it through ANTHROPIC_BEDROCK_BASE_URL', async () => {
    const message = await new AnthropicBedrock().messages.create({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', max_tokens: 100, messages: [{ role: 'user', content: 'Write a haiku' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Tokens drift like snow') });
  });

  it('keeps the journal, adds fixtures, and resets', async () => {
    expect(bedrock.calls().map((call) => call.fixture?.name)).toEqual(['inline', 'haiku']);
    bedrock.addFixtures([{ name: 'late', match: { lastUserMessage: 'late' }, response: { text: 'added later' }, timing: 'instant' }]);
    const client = new BedrockRuntimeClient({});
    try {
      const response = await client.send(new ConverseCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'late' }] }] }));
      expect(response.output?.message?.content).toEqual([{ text: 'added later' }]);
    } finally {
      client.destroy();
    }
    bedrock.reset();
    expect(bedrock.calls()).toEqual([]);
  });
});
