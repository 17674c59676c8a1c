// InvokeModel under a guardrail: the guardrail headers in, amazon-bedrock-guardrailAction out.
import { BedrockRuntimeClient, InvokeModelCommand, ApplyGuardrailCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const claude = (text, extra = {}) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: text }], ...extra });

const response = await client.send(
  new InvokeModelCommand({
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    body: claude('Hello! Any stock tips?'),
    guardrailIdentifier: 'support1', // X-Amzn-Bedrock-GuardrailIdentifier
    guardrailVersion: 'DRAFT', // X-Amzn-Bedrock-GuardrailVersion
    trace: 'ENABLED', // X-Amzn-Bedrock-Trace: amazon-bedrock-trace in the body
  }),
);
const body = JSON.parse(new TextDecoder().decode(response.body));
console.log(`${body['amazon-bedrock-guardrailAction']}: ${body.content[0].text}`);
console.log('trace:', JSON.stringify(body['amazon-bedrock-trace'].guardrail.input.support1.topicPolicy));

// Input tags: with a tagSuffix, only the tagged part of the prompt is assessed.
const tagged = await client.send(
  new InvokeModelCommand({
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    body: claude('Hello! Stock tips? <amazon-bedrock-guardrails-guardContent_xyz>Just say hello.</amazon-bedrock-guardrails-guardContent_xyz>', { 'amazon-bedrock-guardrailConfig': { tagSuffix: 'xyz' } }),
    guardrailIdentifier: 'support1',
    guardrailVersion: 'DRAFT',
  }),
);
console.log('tagged:', JSON.parse(new TextDecoder().decode(tagged.body))['amazon-bedrock-guardrailAction']);

// ApplyGuardrail: the guardrail alone, no model.
const applied = await client.send(
  new ApplyGuardrailCommand({
    guardrailIdentifier: 'support1',
    guardrailVersion: 'DRAFT',
    source: 'OUTPUT', // or INPUT
    content: [{ text: { text: 'Mail ana@example.com about ORD-123456.' } }],
    outputScope: 'INTERVENTIONS', // or FULL: also what found nothing
  }),
);
console.log(`apply: ${applied.action} (${applied.actionReason}) ${applied.outputs[0].text}`);
client.destroy();
