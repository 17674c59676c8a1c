// Redacted reasoning, as two clients see it: the Anthropic Bedrock SDK keeps Claude's
// redacted_thinking block (pass it back unchanged next turn); the AWS SDK's ConverseStream
// decodes reasoningContent.redactedContent to bytes.
// Run the emulator first (npm start), then: node examples/redacted-thinking.mjs
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const endpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010';
const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const question = 'What is six times seven? think in secret';

const anthropic = new AnthropicBedrock({ baseURL: endpoint, awsRegion: 'us-east-1', awsAccessKey: 'emulator', awsSecretKey: 'emulator' });
const thinking = { type: 'enabled', budget_tokens: 1024 };
const first = await anthropic.messages.stream({ model, max_tokens: 2000, thinking, messages: [{ role: 'user', content: question }] }).finalMessage();
for (const block of first.content) console.log(block.type, block.type === 'redacted_thinking' ? block.data : '');
// The next turn carries the blocks back as they came, redacted_thinking included.
const second = await anthropic.messages.create({
  model,
  max_tokens: 2000,
  thinking,
  messages: [{ role: 'user', content: question }, { role: 'assistant', content: first.content }, { role: 'user', content: 'And think in secret once more?' }],
});
console.log('second turn:', second.stop_reason);

const client = new BedrockRuntimeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const response = await client.send(
  new ConverseStreamCommand({ modelId: model, messages: [{ role: 'user', content: [{ text: question }] }], additionalModelRequestFields: { thinking } }),
);
for await (const event of response.stream) {
  const redacted = event.contentBlockDelta?.delta?.reasoningContent?.redactedContent;
  if (redacted !== undefined) console.log('redactedContent:', redacted.length, 'bytes:', new TextDecoder().decode(redacted));
}
client.destroy();
