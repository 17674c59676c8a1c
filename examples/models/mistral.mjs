// Streams Mistral's own InvokeModel body from bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/models/mistral.mjs
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const QUESTION = 'What is the weather in Paris?';

const response = await client.send(
  new InvokeModelWithResponseStreamCommand({
    modelId: 'mistral.mixtral-8x7b-instruct-v0:1',
    body: JSON.stringify({ prompt: `<s>[INST] ${QUESTION} [/INST]`, max_tokens: 300 }),
  }),
);
for await (const event of response.body) {
  const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
  process.stdout.write(chunk.outputs[0].text);
  if (chunk['amazon-bedrock-invocationMetrics']) console.log('\n', chunk['amazon-bedrock-invocationMetrics']);
}
client.destroy();
