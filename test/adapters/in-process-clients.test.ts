import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { ChatBedrockConverse } from '@langchain/aws';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { useBedrockInProcess } from '../../src/adapters/vitest/use-bedrock-in-process.ts';

/** Every client docs/testing.md lists reaches useBedrockInProcess with no endpoint override at all. */
const bedrock = useBedrockInProcess({
  fixtures: [{ response: { text: 'In process, no port, no override.' }, timing: { timeToFirstTokenMs: 2, deltaIntervalMs: 1 } }],
});
const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const answer = 'In process, no port, no override.';

describe('useBedrockInProcess with every client', () => {
  it('Vercel AI SDK (fetch, through msw)', async () => {
    const result = streamText({ model: createAmazonBedrock({ region: 'us-east-1' })(model), prompt: 'hi', maxRetries: 0 });
    expect(await result.text).toBe(answer);
  });

  it('LangChain ChatBedrockConverse (the AWS SDK over HTTP/2, through the interceptor)', async () => {
    let text = '';
    for await (const chunk of await new ChatBedrockConverse({ model, region: 'us-east-1', maxRetries: 0 }).stream('hi')) text += typeof chunk.content === 'string' ? chunk.content : '';
    expect(text).toBe(answer);
  });

  it('Anthropic Bedrock SDK (fetch, through msw)', async () => {
    const message = await new AnthropicBedrock({ awsRegion: 'ap-northeast-1', maxRetries: 0 }).messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: answer }]);
  });

  it('journals all three', () => {
    expect(bedrock.calls().map((call) => call.operation)).toEqual(['ConverseStream', 'ConverseStream', 'InvokeModelWithResponseStream']);
  });
});
