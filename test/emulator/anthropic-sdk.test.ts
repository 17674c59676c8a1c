import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { describe, expect, it } from 'vitest';
import { agentFixtures, toolPreamble, weatherAnswer, weatherToolResult, weatherToolSchema } from '../support/agent-fixtures.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

const answer = 'Paris is sunny today, 18 °C, with a light breeze from the west. 🌞';
const server = await useEmulator([
  ...agentFixtures,
  { match: { model: '*sonnet*', lastUserMessage: 'weather' }, response: { text: answer }, timing: { timeToFirstTokenMs: 15, deltaIntervalMs: 3 } },
  {
    match: { lastUserMessage: 'think' },
    response: { content: [{ reasoning: { text: 'Two plus two: four.', signature: 'EqQBCgIYAhIM' } }, { text: '4' }] },
    timing: 'instant',
  },
]);
const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const tools = [{ name: 'get_weather', description: 'Weather by city', input_schema: weatherToolSchema }];

function client(): AnthropicBedrock {
  return new AnthropicBedrock({
    baseURL: server.url,
    awsRegion: region,
    awsAccessKey: credentials.accessKeyId,
    awsSecretKey: credentials.secretAccessKey,
    maxRetries: 0,
  });
}

describe('@anthropic-ai/bedrock-sdk', () => {
  it('streams with messages.stream (raw ":" in the model id, HTTP/1.1)', async () => {
    const deltas: string[] = [];
    const stream = client().messages.stream({
      model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      max_tokens: 500,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(answer);
    expect(message.content).toEqual([{ type: 'text', text: answer }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe('claude-sonnet-4-5-20250929');
    expect(message.usage.output_tokens).toBeGreaterThan(10);
  });

  it('reassembles a streamed tool call (tool_use + input_json_delta) and runs the agent loop', async () => {
    const anthropic = client();
    const first = await anthropic.messages
      .stream({ model: sonnet, max_tokens: 500, tools, messages: [{ role: 'user', content: "What's the weather in Paris?" }] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content[0]).toEqual({ type: 'text', text: toolPreamble });
    const toolUse = first.content[1];
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } });
    expect(toolUse?.type === 'tool_use' ? toolUse.id : '').toMatch(/^toolu_bdrk_01/);
    const second = await anthropic.messages.create({
      model: sonnet,
      max_tokens: 500,
      tools,
      messages: [
        { role: 'user', content: "What's the weather in Paris?" },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.type === 'tool_use' ? toolUse.id : '', content: JSON.stringify(weatherToolResult) }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: weatherAnswer }]);
  });

  it('streams thinking and its signature when thinking is enabled', async () => {
    const message = await client()
      .messages.stream({ model: sonnet, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'think: 2+2?' }] })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two plus two: four.', signature: 'EqQBCgIYAhIM' },
      { type: 'text', text: '4' },
    ]);
  });

  it('reads a non-streaming messages.create', async () => {
    const message = await client().messages.create({
      model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content).toEqual([{ type: 'text', text: 'Paris is sunny today,' }]);
    expect(message.usage.output_tokens).toBe(5);
  });

  it('maps a ValidationException to BadRequestError with Bedrock\'s message', async () => {
    const error: unknown = await client()
      .messages.create({ model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnthropicBedrock.BadRequestError);
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).status).toBe(400);
    expect((error as Error).message).toContain('#/max_tokens: 0 is not greater or equal to 1');
  });
});
