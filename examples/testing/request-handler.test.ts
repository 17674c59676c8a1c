// Recipe: hand the emulator to an AWS SDK client you construct in the test, as its
// request handler. No port, no interception, nothing global.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { expect, it } from 'vitest';
import { createEmulator, defineFixtures } from 'bedrock-emulator';
import { createEmulatorRequestHandler } from 'bedrock-emulator/in-process';

const emulator = createEmulator({
  fixtures: defineFixtures([
    { match: { tools: ['get_weather'] }, response: { content: [{ toolUse: { name: 'get_weather', input: { city: 'Paris' } } }] } },
  ]),
});

it('asks for the tool the fixture calls', async () => {
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: createEmulatorRequestHandler(emulator),
  });
  const response = await client.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
    }),
  );
  expect(response.stopReason).toBe('tool_use');
  expect(response.output?.message?.content?.[0]?.toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
});
