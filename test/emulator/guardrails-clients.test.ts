import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { ChatBedrockConverse } from '@langchain/aws';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from '../support/emulator.ts';
import { guardedFixtures, supportGuardrail } from '../support/guardrails.ts';

const server = await useEmulator(guardedFixtures, { guardrails: [supportGuardrail] });
const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('guardrails through LangChain (@langchain/aws ChatBedrockConverse guardrailConfig)', () => {
  // ChatBedrockConverse builds its own client: the documented way in is the environment.
  const environment = { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_DEFAULT_REGION: region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  beforeAll(() => Object.assign(process.env, environment));
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const chatModel = () => new ChatBedrockConverse({ model: sonnet, maxRetries: 0, guardrailConfig: { guardrailIdentifier: 'support1', guardrailVersion: 'DRAFT', trace: 'enabled' } });

  it('answers a blocked prompt with the blocked input messaging', async () => {
    const message = await chatModel().invoke('Any stock tips?');
    expect(message.content).toBe('Sorry, I cannot help with that request.');
    expect(message.response_metadata['stopReason']).toBe('guardrail_intervened');
  });

  it('streams a blocked answer as the blocked outputs messaging', async () => {
    let text = '';
    for await (const chunk of await chatModel().stream('Tell me a mystery')) if (typeof chunk.content === 'string') text += chunk.content;
    expect(text).toBe('Sorry, the answer was withheld.');
  });
});

describe('guardrails through the Vercel AI SDK (providerOptions.bedrock.guardrailConfig)', () => {
  const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });

  it('reports a guardrail intervention as a content-filter finish, with the trace in provider metadata', async () => {
    const result = await generateText({
      model: bedrock(sonnet),
      prompt: 'Tell me a mystery',
      maxRetries: 0,
      providerOptions: { bedrock: { guardrailConfig: { guardrailIdentifier: 'support1', guardrailVersion: 'DRAFT', trace: 'enabled' } } },
    });
    expect(result.text).toBe('Sorry, the answer was withheld.');
    expect(result.finishReason).toBe('content-filter');
    expect(result.providerMetadata?.['bedrock']?.['trace']).toMatchObject({ guardrail: { modelOutput: ['The butler planned a murder in the library.'] } });
  });
});
