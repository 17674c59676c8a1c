// Model resources and prompts from code: the `models` option of startEmulator, createEmulator and useBedrockEmulator.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { expect, it } from 'vitest';
import { createEmulator } from 'bedrock-emulator';
import { startEmulator } from 'bedrock-emulator/node';
import { useBedrockEmulator } from 'bedrock-emulator/vitest';

const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
const models = {
  models: { [profileArn]: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
  prompts: { GREETING01: { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', text: 'Say hello to {{name}}.' } },
};
const fixtures = [{ match: { model: 'anthropic.claude-3-5-haiku*', lastUserMessage: 'hello' }, response: { text: 'Hello from Haiku!' }, timing: 'instant' }];

// The vitest helper takes the same options; it sets AWS_ENDPOINT_URL_BEDROCK_RUNTIME while the file runs.
useBedrockEmulator({ fixtures, models });

it('serves an application inference profile and a prompt given in code, through the vitest helper', async () => {
  const client = new BedrockRuntimeClient({});
  const viaProfile = await client.send(new ConverseCommand({ modelId: profileArn, messages: [{ role: 'user', content: [{ text: 'hello' }] }] }));
  expect(viaProfile.output?.message?.content?.[0]?.text).toBe('Hello from Haiku!');
  const viaPrompt = await client.send(new ConverseCommand({ modelId: 'arn:aws:bedrock:us-east-1:123456789012:prompt/GREETING01', promptVariables: { name: { text: 'Ada' } } }));
  expect(viaPrompt.output?.message?.content?.[0]?.text).toBe('Hello from Haiku!');
  client.destroy();
});

it('reads a models file (modelsFile, like --models) and takes entries in code on top', async () => {
  const server = await startEmulator({ port: 0, modelsFile: 'examples/model-ids/models.yaml', models: { models: { zzzzzzzzzzzz: 'meta.llama3-8b-instruct-v1:0' } } });
  expect(Object.keys(server.emulator.models().models ?? {})).toHaveLength(4);
  await server.close();
});

it('needs no socket: createEmulator takes the same option', async () => {
  const emulator = createEmulator({ models, fixtures: [] });
  const response = await emulator.fetch(
    new Request(`http://emulator/model/${encodeURIComponent(profileArn)}/converse`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }) }),
  );
  expect(response.status).toBe(200);
  expect(emulator.calls()[0]?.model).toEqual({ raw: profileArn, base: 'anthropic.claude-3-5-haiku-20241022-v1:0' });
});
