// Recipe: no port, and no change to any client. useBedrockInProcess answers every
// Bedrock Runtime host in process: msw for fetch and node:http clients, and an HTTP/2
// interceptor for the AWS SDK's default transport (which msw cannot see) — so a
// production client with its default HTTP/2 handler works as it is.
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, expect, it } from 'vitest';
import { useBedrockInProcess } from 'bedrock-emulator/vitest';

const bedrock = useBedrockInProcess({
  fixtures: [
    { name: 'throttled-once', match: { lastUserMessage: 'flaky' }, responses: [{ error: { type: 'ThrottlingException' } }, { text: 'Worked on retry.' }] },
  ],
});
const client = new BedrockRuntimeClient({ region: 'us-east-1' }); // default handler: HTTP/2
afterAll(() => client.destroy());

it('retries a throttled call and streams the answer, all in process', async () => {
  const response = await client.send(
    new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'flaky call' }] }] }),
  );
  let text = '';
  for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
  expect(text).toBe('Worked on retry.');
  expect(bedrock.calls().map((call) => call.status)).toEqual([429, 200]);
});
