// The Anthropic Bedrock SDK against the emulator: messages.stream over HTTP/1.1.
// Run the emulator first (npm start), then: node examples/anthropic-sdk.mjs
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';

const client = new AnthropicBedrock({
  baseURL: process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010',
  awsRegion: 'us-east-1',
  awsAccessKey: 'emulator',
  awsSecretKey: 'emulator',
});
const stream = client.messages.stream({
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  max_tokens: 512,
  messages: [{ role: 'user', content: 'Write me a haiku' }],
});
stream.on('text', (text) => process.stdout.write(text));
const message = await stream.finalMessage();
console.log(`\n(${message.usage.output_tokens} output tokens, stop reason ${message.stop_reason})`);
