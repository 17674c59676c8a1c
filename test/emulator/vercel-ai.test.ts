import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { isStepCount, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentFixtures, toolPreamble, weatherAnswer, weatherToolResult } from '../support/agent-fixtures.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

const story = 'The Vercel AI SDK reads this through ConverseStream, delta by delta.';
const server = await useEmulator([
  ...agentFixtures,
  { match: { lastUserMessage: 'story' }, response: { text: story }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 } },
]);

const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
const model = bedrock('us.anthropic.claude-sonnet-4-5-20250929-v1:0');

const getWeather = (calls: unknown[]) =>
  tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
    execute: (input) => {
      calls.push(input);
      return Promise.resolve(weatherToolResult);
    },
  });

describe('Vercel AI SDK (ai + @ai-sdk/amazon-bedrock)', () => {
  it('streams text with streamText', async () => {
    const result = streamText({ model, prompt: 'Tell me a story', maxRetries: 0 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.join('')).toBe(story);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(15);
  });

  it('parses a streamed tool call into a tool-call part', async () => {
    const calls: unknown[] = [];
    const result = streamText({ model, prompt: "What's the weather in Paris?", tools: { get_weather: getWeather(calls) }, maxRetries: 0 });
    const toolCalls = [];
    for await (const part of result.fullStream) if (part.type === 'tool-call') toolCalls.push(part);
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris', unit: 'celsius' } });
    expect(toolCalls[0]?.toolCallId).toMatch(/^tooluse_/);
    expect(await result.finishReason).toBe('tool-calls');
    expect(calls).toEqual([{ city: 'Paris', unit: 'celsius' }]);
  });

  it('runs the agent loop: tool call, tool result, final answer', async () => {
    const calls: unknown[] = [];
    const result = streamText({
      model,
      prompt: "What's the weather in Paris?",
      tools: { get_weather: getWeather(calls) },
      stopWhen: isStepCount(3),
      maxRetries: 0,
    });
    expect(await result.text).toBe(weatherAnswer);
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]?.text).toBe(toolPreamble);
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps[1]?.finishReason).toBe('stop');
    expect(calls).toHaveLength(1);
  });
});
