// Citations with the unmodified AWS SDK: a document sent with citations enabled, the answer's
// citation deltas on ConverseStream, and the citationsContent block Converse returns.
// Run the emulator first (npm start), then: node examples/converse-citations.mjs
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });

const policy = 'Refunds are accepted within 30 days. Refunds take 5 business days to arrive.';
const request = {
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  messages: [
    {
      role: 'user',
      content: [
        { document: { format: 'txt', name: 'Refund policy', source: { bytes: new TextEncoder().encode(policy) }, citations: { enabled: true } } },
        { text: 'How long does a refund take? Please cite the refund policy.' },
      ],
    },
  ],
};

const streamed = await client.send(new ConverseStreamCommand(request));
for await (const event of streamed.stream) {
  const delta = event.contentBlockDelta?.delta;
  if (delta?.text !== undefined) process.stdout.write(delta.text);
  if (delta?.citation !== undefined) process.stdout.write(`[cites ${delta.citation.title}: "${delta.citation.sourceContent[0].text}"] `);
}
console.log();

const whole = await client.send(new ConverseCommand(request));
const cited = whole.output.message.content.find((block) => block.citationsContent !== undefined);
console.log('citationsContent:', JSON.stringify(cited.citationsContent));
client.destroy();
