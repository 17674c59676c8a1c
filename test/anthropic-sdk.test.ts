import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from './support/emulator.ts';

const answer = 'Paris is sunny today, 18 °C, with a light breeze from the west. 🌞';
const server = await useEmulator([
  { match: { model: '*sonnet*', lastUserMessage: 'weather' }, response: { text: answer }, timing: { timeToFirstTokenMs: 15, deltaIntervalMs: 3 } },
]);

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
