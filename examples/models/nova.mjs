// Streams Amazon Nova's own InvokeModel body from bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/models/nova.mjs
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const QUESTION = 'What is the weather in Paris?';

const response = await client.send(
  new InvokeModelWithResponseStreamCommand({
    modelId: 'us.amazon.nova-pro-v1:0',
    body: JSON.stringify({ schemaVersion: 'messages-v1', system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: QUESTION }] }], inferenceConfig: { maxTokens: 300 } }),
  }),
);
for await (const event of response.body) {
  const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
  process.stdout.write(chunk.contentBlockDelta?.delta?.text ?? '');
  if (chunk['amazon-bedrock-invocationMetrics']) console.log('\n', chunk['amazon-bedrock-invocationMetrics']);
}
client.destroy();
