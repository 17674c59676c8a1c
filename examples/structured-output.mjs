// Structured output, the performance and service-tier echo, and additionalModelResponseFieldPaths
// against bedrock-emulator with the unmodified AWS SDK.
// Run the emulator first (npm start), then: node examples/structured-output.mjs
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, tempC: { type: 'number' }, sky: { enum: ['sunny', 'cloudy', 'rain'] } },
  required: ['city', 'tempC', 'sky'],
  additionalProperties: false,
};
const response = await client.send(
  new ConverseCommand({
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    messages: [{ role: 'user', content: [{ text: 'Report the weather in Lisbon as JSON.' }] }],
    // The answer's text must conform: a fixture's text is checked, and without one the emulator makes it up.
    outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'weather' } } } },
    performanceConfig: { latency: 'optimized' },
    serviceTier: { type: 'priority' },
    additionalModelResponseFieldPaths: ['/stop_sequence'],
  }),
);
console.log('structured:', JSON.parse(response.output.message.content[0].text));
console.log('echoed:', response.performanceConfig, response.serviceTier);
console.log('selected:', response.additionalModelResponseFields);
client.destroy();
