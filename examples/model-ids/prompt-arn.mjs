// Runs a stored prompt (Prompt management) by its ARN, filling its {{variables}} with promptVariables.
// Run the emulator with the models file first:
//   npx bedrock-emulator start --models examples/model-ids/models.yaml
// then: node examples/model-ids/prompt-arn.mjs
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const promptArn = 'arn:aws:bedrock:us-east-1:123456789012:prompt/WEATHER001';
const promptVariables = { city: { text: 'Paris' } };

// The prompt brings its messages, system prompt and inference settings: the request gives only the variables.
const whole = await client.send(new ConverseCommand({ modelId: promptArn, promptVariables }));
console.log('converse:', whole.output.message.content[0].text);

// ConverseStream, on version 2 of the prompt (another model).
const streamed = await client.send(new ConverseStreamCommand({ modelId: `${promptArn}:2`, promptVariables }));
let text = '';
for await (const event of streamed.stream) text += event.contentBlockDelta?.delta?.text ?? '';
console.log('stream, version 2:', text);

// The prompt defines inferenceConfig, system, toolConfig and additionalModelRequestFields: a request may not give them.
try {
  await client.send(new ConverseCommand({ modelId: promptArn, promptVariables, inferenceConfig: { maxTokens: 50 } }));
} catch (error) {
  console.log('refused:', error.name, error.message);
}
client.destroy();
