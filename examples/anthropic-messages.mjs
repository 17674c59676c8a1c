// Streams from bedrock-emulator with Anthropic's own SDK, pointed at the Messages API path that
// Bedrock's Mantle endpoint serves. Run the emulator first (npm start), then:
//   node examples/anthropic-messages.mjs
import Anthropic from '@anthropic-ai/sdk';

const endpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010';
const client = new Anthropic({
  baseURL: `${endpoint}/anthropic`, // on AWS: https://bedrock-mantle.us-east-1.api.aws/anthropic
  apiKey: process.env.AWS_BEARER_TOKEN_BEDROCK ?? 'any-key', // a Bedrock API key, sent as x-api-key
});

const stream = client.messages.stream({
  model: 'anthropic.claude-sonnet-4-6-v1',
  max_tokens: 512,
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
});
stream.on('text', (text) => process.stdout.write(text));
const message = await stream.finalMessage();
console.log(`\nstop reason ${message.stop_reason}, ${message.usage.output_tokens} output tokens`);
