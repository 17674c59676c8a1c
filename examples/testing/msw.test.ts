// Recipe: no port at all, with msw. msw answers fetch and node:http requests to any
// Bedrock Runtime host from the emulator app: the Anthropic SDK, the Vercel AI SDK,
// and the AWS SDK with NodeHttpHandler. (For the AWS SDK's default HTTP/2 transport,
// see the in-process recipe.)
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, defineFixtures } from 'bedrock-emulator';
import { bedrockHandlers } from 'bedrock-emulator/msw';

const emulator = createEmulator({
  fixtures: defineFixtures([{ match: { lastUserMessage: 'haiku' }, response: { text: 'Frames leave on time,\nthe client listens closely.\nTests pass without net.' } }]),
});
const server = setupServer(...bedrockHandlers(emulator));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('streams to the Anthropic SDK through msw', async () => {
  const client = new AnthropicBedrock({ awsRegion: 'eu-west-1', awsAccessKey: 'test', awsSecretKey: 'test' });
  const stream = client.messages.stream({
    model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    max_tokens: 200,
    messages: [{ role: 'user', content: 'Write a haiku about testing' }],
  });
  const message = await stream.finalMessage();
  expect(message.content).toEqual([{ type: 'text', text: 'Frames leave on time,\nthe client listens closely.\nTests pass without net.' }]);
  expect(emulator.calls()[0]?.request?.messages[0]?.content).toEqual([{ kind: 'text', text: 'Write a haiku about testing' }]);
});
