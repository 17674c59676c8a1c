// Streams a Claude answer from bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/stream-with-aws-sdk.mjs
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' }, // any value: signatures are not checked
});

const response = await client.send(
  new InvokeModelWithResponseStreamCommand({
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    contentType: 'application/json',
    body: JSON.stringify({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    }),
  }),
);

for await (const event of response.body) {
  const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
  if (chunk.type === 'content_block_delta') process.stdout.write(chunk.delta.text);
  if (chunk.type === 'message_stop') console.log('\n', chunk['amazon-bedrock-invocationMetrics']);
}
client.destroy();
