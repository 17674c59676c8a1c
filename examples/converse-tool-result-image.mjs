// A tool result and an image from the model's side, as ConverseStream streams them: each block
// opens with a contentBlockStart (toolResult, image) and carries its content in deltas.
// Run the emulator first (npm start), then: node examples/converse-tool-result-image.mjs
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });

const response = await client.send(
  new ConverseStreamCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Please draw a dot.' }] }] }),
);
for await (const event of response.stream) {
  const start = event.contentBlockStart?.start;
  if (start !== undefined) console.log('start', JSON.stringify(start));
  const delta = event.contentBlockDelta?.delta;
  if (delta?.toolResult !== undefined) console.log('toolResult', JSON.stringify(delta.toolResult));
  if (delta?.image !== undefined) console.log('image', delta.image.source.bytes.length, 'bytes');
  if (delta?.text !== undefined) process.stdout.write(delta.text);
}
console.log();
client.destroy();
