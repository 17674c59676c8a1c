import { ChatBedrockConverse } from '@langchain/aws';
import { HumanMessage, ToolMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentFixtures, toolPreamble, weatherAnswer, weatherToolResult } from '../support/agent-fixtures.ts';
import { credentials, useEmulator } from '../support/emulator.ts';

const story = 'LangChain streams this over HTTP/2, through the AWS SDK it builds itself.';
const server = await useEmulator([
  ...agentFixtures,
  { match: { lastUserMessage: 'story' }, response: { text: story }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 } },
]);

// ChatBedrockConverse builds its own client and ignores clientOptions.endpoint: the
// documented way in is the environment (docs/protocol/transport.md#how-clients-choose-their-endpoint). Region comes from AWS_DEFAULT_REGION.
const environment = {
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
};
const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
beforeAll(() => Object.assign(process.env, environment));
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const getWeather = tool(() => Promise.resolve(JSON.stringify(weatherToolResult)), {
  name: 'get_weather',
  description: 'The weather in a city',
  schema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
});

const chatModel = () => new ChatBedrockConverse({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', maxRetries: 0 });

describe('LangChain (@langchain/aws ChatBedrockConverse)', () => {
  it('streams text', async () => {
    const chunks: string[] = [];
    for await (const chunk of await chatModel().stream('Tell me a story')) {
      if (typeof chunk.content === 'string' && chunk.content !== '') chunks.push(chunk.content);
    }
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(story);
    expect(server.connectionCounts().http2).toBeGreaterThan(0);
  });

  it('streams a tool call that LangChain parses into tool_calls', async () => {
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await chatModel().bindTools([getWeather]).stream("What's the weather in Paris?")) {
      merged = merged === undefined ? chunk : merged.concat(chunk);
    }
    expect(merged?.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Paris', unit: 'celsius' }, type: 'tool_call' })]);
    expect(merged?.tool_calls?.[0]?.id).toMatch(/^tooluse_/);
  });

  it('runs the agent loop: tool call, tool result, final answer', async () => {
    const model = chatModel().bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage("What's the weather in Paris?")];
    const first = await model.invoke(messages);
    expect(first.tool_calls).toHaveLength(1);
    expect(JSON.stringify(first.content)).toContain(toolPreamble);
    messages.push(first);
    for (const call of first.tool_calls ?? []) {
      messages.push(new ToolMessage({ tool_call_id: call.id ?? '', content: String(await getWeather.invoke(call.args as { city: string })) }));
    }
    const second = await model.invoke(messages);
    expect(second.tool_calls ?? []).toHaveLength(0);
    expect(second.content).toBe(weatherAnswer);
  });
});
