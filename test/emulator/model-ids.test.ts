import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ValidationException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { ChatBedrockConverse } from '@langchain/aws';
import { generateText, streamText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials, eventually, region, useEmulator } from '../support/emulator.ts';

const account = 'arn:aws:bedrock:us-east-1:123456789012';
const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const profileArn = `${account}:application-inference-profile/a1b2c3d4e5f6`;
const provisionedArn = `${account}:provisioned-model/abc123def456`;
const deploymentArn = `${account}:custom-model-deployment/d3p10ym3nt01`;
const importedArn = `${account}:imported-model/1mp0rt3d0001`;
const customArn = `${account}:custom-model/amazon.titan-text-express-v1:0:8k/cust0m000001`;
const conventionArn = `${account}:application-inference-profile/us.${haiku}`;
const promptArn = `${account}:prompt/TRIPPLAN01`;

const server = await useEmulator(
  [
    { name: 'haiku', match: { model: 'anthropic.claude-3-5-haiku*', lastUserMessage: 'which model' }, response: { text: 'Claude 3.5 Haiku here.' }, timing: 'instant' },
    { name: 'llama', match: { model: 'meta.llama3*' }, response: { text: 'Llama here.' }, timing: 'instant' },
    { name: 'titan', match: { model: 'amazon.titan-text*' }, response: { text: 'Titan here.' }, timing: 'instant' },
    { name: 'nova', match: { model: 'amazon.nova-pro*' }, response: { text: 'Nova here.' }, timing: 'instant' },
    { name: 'trip', match: { system: 'travel agent', lastUserMessage: { equals: 'Plan 3 days in Paris.' } }, response: { text: 'Day 1: the Louvre.' }, timing: { timeToFirstTokenMs: 1, deltaIntervalMs: 1 } },
    { name: 'follow-up', match: { lastUserMessage: 'And day 2?' }, response: { text: 'Day 2: Montmartre.' }, timing: 'instant' },
  ],
  {
    models: {
      models: {
        [profileArn]: haiku,
        abc123def456: 'us.meta.llama3-3-70b-instruct-v1:0',
        [deploymentArn]: haiku,
        '1mp0rt3d0001': 'meta.llama3-8b-instruct-v1:0',
      },
      prompts: {
        TRIPPLAN01: {
          model: haiku,
          system: 'You are a travel agent for {{city}}.',
          text: 'Plan {{days}} days in {{city}}.',
          versions: { '2': { model: 'amazon.nova-pro-v1:0' } },
        },
      },
    },
  },
);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const converse = async (modelId: string, text = 'which model are you?'): Promise<string | undefined> => {
  const response = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] }));
  return response.output?.message?.content?.[0]?.text;
};

const refusal = async (send: () => Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> => {
  try {
    await send();
  } catch (error) {
    const { name, message, $metadata } = error as ValidationException;
    return { name, status: $metadata.httpStatusCode, message };
  }
  throw new Error('expected the call to be refused');
};

const textOf = async (stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<string> => {
  let text = '';
  for await (const event of stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
  return text;
};

describe('every model-id form, through @aws-sdk/client-bedrock-runtime (HTTP/2)', () => {
  it.each([
    ['an application inference profile ARN (mapped by ARN)', profileArn, 'Claude 3.5 Haiku here.'],
    ['a provisioned model ARN (mapped by its short id)', provisionedArn, 'Llama here.'],
    ['a custom-model deployment ARN', deploymentArn, 'Claude 3.5 Haiku here.'],
    ['a custom model ARN (its base model is in the ARN)', customArn, 'Titan here.'],
    ['a profile id that is a model id (no mapping needed)', conventionArn, 'Claude 3.5 Haiku here.'],
  ])('Converse with %s answers as its foundation model', async (_form, modelId, expected) => {
    expect(await converse(modelId)).toBe(expected);
  });

  it('matches fixtures on the resolved model and journals the id as sent', async () => {
    await converse(profileArn, 'which model, journal?');
    await eventually(() => {
      const call = server.emulator.calls().find((record) => JSON.stringify(record.request ?? {}).includes('which model, journal?'));
      expect(call?.model).toEqual({ raw: profileArn, base: haiku });
      expect(call?.fixture?.name).toBe('haiku');
    });
  });

  it("InvokeModel with an imported model ARN speaks its mapped model's body", async () => {
    const response = await client.send(new InvokeModelCommand({ modelId: importedArn, body: JSON.stringify({ prompt: 'hello', max_gen_len: 50 }) }));
    expect(JSON.parse(new TextDecoder().decode(response.body))).toMatchObject({ generation: 'Llama here.', stop_reason: 'stop' });
  });

  it('InvokeModelWithResponseStream with an application inference profile ARN streams Claude events', async () => {
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: profileArn, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'which model?' }] }) }),
    );
    const types: string[] = [];
    for await (const event of response.body ?? []) if (event.chunk?.bytes) types.push((JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as { type: string }).type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
  });

  it.each([
    ['an application inference profile the account does not have', `${account}:application-inference-profile/zzzzzzzzzzzz`, 'application-inference-profile zzzzzzzzzzzz'],
    ['a provisioned model the account does not have', `${account}:provisioned-model/zzzzzzzzzzzz`, 'provisioned-model zzzzzzzzzzzz'],
    ['an imported model the account does not have', `${account}:imported-model/zzzzzzzzzzzz`, 'imported-model zzzzzzzzzzzz'],
    ['a prompt the account does not have', `${account}:prompt/UNKNOWN001`, 'prompt UNKNOWN001'],
    ['a version the prompt does not have', `${promptArn}:9`, 'prompt TRIPPLAN01 version 9'],
  ])('refuses %s, as Bedrock does', async (_form, modelId, named) => {
    const refused = await refusal(() => converse(modelId));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toMatch(/^The provided model identifier is invalid\. \(bedrock-emulator: no /);
    expect(refused.message).toContain(named);
  });
});

describe('Prompt management prompts as modelId, with promptVariables', () => {
  const promptVariables = { city: { text: 'Paris' }, days: { text: '3' } };

  it('Converse fills the stored prompt and answers on its model', async () => {
    const response = await client.send(new ConverseCommand({ modelId: promptArn, promptVariables }));
    expect(response.output?.message?.content?.[0]?.text).toBe('Day 1: the Louvre.');
    await eventually(() => {
      const call = server.emulator.calls().find((record) => record.model?.raw === promptArn);
      expect(call?.model?.base).toBe(haiku);
      expect(call?.request?.system).toBe('You are a travel agent for Paris.');
    });
  });

  it('ConverseStream streams it, with the request messages appended after the prompt', async () => {
    const response = await client.send(
      new ConverseStreamCommand({
        modelId: promptArn,
        promptVariables,
        messages: [
          { role: 'assistant', content: [{ text: 'Day 1: the Louvre.' }] },
          { role: 'user', content: [{ text: 'And day 2?' }] },
        ],
      }),
    );
    expect(await textOf(response.stream)).toBe('Day 2: Montmartre.');
  });

  it('a version runs on its own model', async () => {
    const response = await client.send(new ConverseCommand({ modelId: `${promptArn}:2`, promptVariables, messages: [{ role: 'assistant', content: [{ text: 'ok' }] }, { role: 'user', content: [{ text: 'which model?' }] }] }));
    expect(response.output?.message?.content?.[0]?.text).toBe('Nova here.');
  });

  it.each([
    ['inferenceConfig', { inferenceConfig: { maxTokens: 100 } }],
    ['system', { system: [{ text: 'Be brief.' }] }],
    ['toolConfig', { toolConfig: { tools: [{ toolSpec: { name: 'x', inputSchema: { json: {} } } }] } }],
    ['additionalModelRequestFields', { additionalModelRequestFields: { top_k: 5 } }],
  ])('refuses %s, which the prompt defines', async (field, extra) => {
    const refused = await refusal(() => client.send(new ConverseCommand({ modelId: promptArn, promptVariables, ...extra })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain(`can't include ${field}`);
  });

  it('names a variable promptVariables leaves out', async () => {
    const refused = await refusal(() => client.send(new ConverseCommand({ modelId: promptArn, promptVariables: { city: { text: 'Paris' } } })));
    expect(refused.message).toContain('uses the variable {{days}}');
  });

  it('is served on Converse only', async () => {
    const refused = await refusal(() => client.send(new InvokeModelCommand({ modelId: promptArn, body: JSON.stringify({ promptVariables }) })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
  });
});

describe('operations a model is not served on', () => {
  const unsupported = "This action doesn't support the model that you provided. Try again with a supported text or chat model.";

  it.each(['amazon.nova-canvas-v1:0', 'stability.sd3-5-large-v1:0', 'amazon.titan-image-generator-v2:0', 'amazon.nova-reel-v1:1', 'amazon.nova-sonic-v1:0'])('Converse and ConverseStream refuse %s', async (modelId) => {
    expect(await refusal(() => converse(modelId))).toEqual({ name: 'ValidationException', status: 400, message: unsupported });
    expect(await refusal(() => client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })))).toMatchObject({ message: unsupported });
  });

  it('Converse refuses an imported model', async () => {
    expect(await refusal(() => converse(importedArn))).toEqual({ name: 'ValidationException', status: 400, message: unsupported });
  });

  it('InvokeModelWithResponseStream refuses a model that does not stream', async () => {
    const refused = await refusal(() => client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'stability.sd3-5-large-v1:0', body: JSON.stringify({ prompt: 'a cat' }) })));
    expect(refused).toEqual({ name: 'ValidationException', status: 400, message: 'The model is unsupported for streaming.' });
  });

  it.each(['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-canvas-v1:0', promptArn])('CountTokens refuses %s', async (modelId) => {
    const refused = await refusal(() => client.send(new CountTokensCommand({ modelId, input: { converse: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] } } })));
    expect(refused).toEqual({ name: 'ValidationException', status: 400, message: "The provided model doesn't support counting tokens." });
  });

  it('CountTokens counts through an application inference profile of a model it counts', async () => {
    const counted = await client.send(new CountTokensCommand({ modelId: profileArn, input: { converse: { messages: [{ role: 'user', content: [{ text: 'hello there' }] }] } } }));
    expect(counted.inputTokens).toBeGreaterThan(0);
  });
});

describe('other clients', () => {
  it('Vercel AI SDK: an application inference profile ARN as the model id, whole and streamed', async () => {
    const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
    const { text } = await generateText({ model: bedrock(profileArn), prompt: 'which model are you?', maxRetries: 0 });
    expect(text).toBe('Claude 3.5 Haiku here.');
    const streamed = streamText({ model: bedrock(provisionedArn), prompt: 'which model are you?', maxRetries: 0 });
    let joined = '';
    for await (const delta of streamed.textStream) joined += delta;
    expect(joined).toBe('Llama here.');
  });

  it('LangChain: ChatBedrockConverse with an application inference profile ARN', async () => {
    const chat = new ChatBedrockConverse({ model: profileArn, client, region, maxRetries: 0 });
    const answer = await chat.invoke('which model are you?');
    expect(answer.content).toBe('Claude 3.5 Haiku here.');
  });
});
