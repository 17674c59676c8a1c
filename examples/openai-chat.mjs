// Streams a chat completion from bedrock-emulator with the unmodified openai SDK, pointed at
// Bedrock's OpenAI-compatible path. Run the emulator first (npm start), then:
//   node examples/openai-chat.mjs
import OpenAI from 'openai';

const endpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010';
const client = new OpenAI({
  baseURL: `${endpoint}/openai/v1`, // on AWS: https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1
  apiKey: process.env.AWS_BEARER_TOKEN_BEDROCK ?? 'any-key', // a Bedrock API key; not checked unless --auth api-key
});

const stream = await client.chat.completions.create({
  model: 'openai.gpt-oss-120b-1:0',
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk.usage) console.log('\nusage:', chunk.usage);
}
