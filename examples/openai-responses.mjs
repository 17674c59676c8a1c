// Streams from bedrock-emulator with the openai SDK's Responses API, on Bedrock's OpenAI path.
// Run the emulator first (npm start), then: node examples/openai-responses.mjs
import OpenAI from 'openai';

const endpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010';
const client = new OpenAI({ baseURL: `${endpoint}/openai/v1`, apiKey: process.env.AWS_BEARER_TOKEN_BEDROCK ?? 'any-key' });

const stream = client.responses.stream({ model: 'openai.gpt-oss-120b-1:0', input: 'What is the weather in Paris?' });
for await (const event of stream) {
  if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
}
const response = await stream.finalResponse();
console.log(`\n${response.status}, ${response.usage?.output_tokens} output tokens`);
