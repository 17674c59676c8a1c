// Recipe: a real emulator on a free port for this test file. Clients built the usual way
// (from the environment) reach it: AWS_ENDPOINT_URL_BEDROCK_RUNTIME, a region and dummy
// credentials are set while the file runs, and everything is closed afterwards.
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, expect, it } from 'vitest';
import { useBedrockEmulator } from 'bedrock-emulator/vitest';

const bedrock = useBedrockEmulator({
  fixtures: [{ match: { lastUserMessage: 'hello' }, response: { text: 'Hello from the emulator!' }, timing: 'fast' }],
});

// The code under test would build its client like this, unchanged for production.
const client = new BedrockRuntimeClient({});
afterAll(() => client.destroy());

it('streams the fixture to the unmodified AWS SDK, over a real socket', async () => {
  const response = await client.send(
    new InvokeModelWithResponseStreamCommand({
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] }),
    }),
  );
  let text = '';
  for await (const event of response.body ?? []) {
    const chunk = JSON.parse(new TextDecoder().decode(event.chunk?.bytes)) as { type: string; delta?: { text?: string } };
    if (chunk.type === 'content_block_delta') text += chunk.delta?.text ?? '';
  }
  expect(text).toBe('Hello from the emulator!');

  // The journal: what the code sent, and which fixture answered.
  const [call] = bedrock.calls();
  expect(call?.operation).toBe('InvokeModelWithResponseStream');
  expect(call?.fixture?.name).toBe('test[0]');
  expect(call?.outcome).toBe('completed');
});
