// Prompt caching against bedrock-emulator with the unmodified AWS SDK: the first call writes the
// system prompt up to its cachePoint to the cache, the second reads it back.
// Run the emulator first (npm start), then: node examples/prompt-caching.mjs
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });

// A prefix must hold at least the model's minimum (1,024 tokens for Claude Sonnet 4.5) to be cached.
// The run's own id keeps each run's prefix new, so the first call always writes.
const manual = `Manual ${Date.now()}: ${'Press the red button to start, the blue one to stop. '.repeat(120)}`;
const system = [{ text: manual }, { cachePoint: { type: 'default' } }]; // ttl: '5m' (default) or '1h'

for (const [call, question] of [['first', 'How do I start it?'], ['second', 'How do I stop it?']]) {
  const { usage } = await client.send(
    new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', system, messages: [{ role: 'user', content: [{ text: question }] }] }),
  );
  console.log(`${call} call: wrote ${usage.cacheWriteInputTokens}, read ${usage.cacheReadInputTokens}, uncached input ${usage.inputTokens}, total ${usage.totalTokens}`);
}
client.destroy();
