// Converse and ConverseStream under a guardrail (bedrock-emulator start --guardrails examples/guardrails.yaml).
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const guardrailConfig = { guardrailIdentifier: 'support1', guardrailVersion: 'DRAFT', trace: 'enabled' };
const ask = (text) => ({ modelId, messages: [{ role: 'user', content: [{ text }] }], guardrailConfig });

// A denied topic in the prompt: no model runs; the answer is the blocked input messaging.
const blocked = await client.send(new ConverseCommand(ask('Any stock tips?')));
console.log(`blocked: ${blocked.stopReason}: ${blocked.output.message.content[0].text}`);
console.log('topics:', JSON.stringify(blocked.trace.guardrail.inputAssessment.support1.topicPolicy.topics));

// An email in the prompt is masked before the model (and the fixtures) see it.
const masked = await client.send(new ConverseCommand(ask('Hello! Write to ana@example.com')));
console.log('masked:', JSON.stringify(masked.trace.guardrail.inputAssessment.support1.sensitiveInformationPolicy.piiEntities));

// Only guardContent blocks are assessed when a request has any.
const selective = await client.send(
  new ConverseCommand({ modelId, guardrailConfig, messages: [{ role: 'user', content: [{ text: 'Hello! (stock tips are not assessed here)' }, { guardContent: { text: { text: 'Just say hello.' } } }] }] }),
);
console.log(`selective: ${selective.stopReason}`);

// The answer is assessed too: sync (the default) holds it until assessed, then sends it or the blocked messaging.
for (const streamProcessingMode of ['sync', 'async']) {
  const response = await client.send(new ConverseStreamCommand({ ...ask('Write me a haiku'), guardrailConfig: { ...guardrailConfig, streamProcessingMode } }));
  const deltas = [];
  let stopReason;
  for await (const event of response.stream) {
    if (event.contentBlockDelta?.delta?.text !== undefined) deltas.push(event.contentBlockDelta.delta.text);
    if (event.messageStop) stopReason = event.messageStop.stopReason;
  }
  console.log(`${streamProcessingMode}: ${stopReason} after ${deltas.length} deltas: ${JSON.stringify(deltas.join(''))}`);
}
client.destroy();
