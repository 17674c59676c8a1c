// Streams OpenAI gpt-oss on InvokeModel's own InvokeModel body from bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/models/gpt-oss.mjs
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const QUESTION = 'What is the weather in Paris?';

const response = await client.send(
  new InvokeModelWithResponseStreamCommand({
    modelId: 'openai.gpt-oss-120b-1:0',
    body: JSON.stringify({ messages: [{ role: 'user', content: QUESTION }], max_completion_tokens: 300 }),
  }),
);
for await (const event of response.body) {
  const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk['amazon-bedrock-invocationMetrics']) console.log('\n', chunk['amazon-bedrock-invocationMetrics']);
}
client.destroy();
