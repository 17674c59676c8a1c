// Streams Anthropic Claude's own InvokeModel body from bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/models/claude.mjs
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const QUESTION = 'What is the weather in Paris?';

const response = await client.send(
  new InvokeModelWithResponseStreamCommand({
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: QUESTION }] }),
  }),
);
for await (const event of response.body) {
  const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
  process.stdout.write(chunk.type === 'content_block_delta' ? (chunk.delta.text ?? '') : '');
  if (chunk['amazon-bedrock-invocationMetrics']) console.log('\n', chunk['amazon-bedrock-invocationMetrics']);
}
client.destroy();
