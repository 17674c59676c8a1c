// Calls models through the ARNs of the account's own resources, with the unmodified AWS SDK.
// Run the emulator with the models file first:
//   npx bedrock-emulator start --models examples/model-ids/models.yaml
// then: node examples/model-ids/resource-arns.mjs
import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });
const account = 'arn:aws:bedrock:us-east-1:123456789012';

async function converse(modelId, text) {
  const response = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] }));
  return response.output.message.content[0].text;
}

// An application inference profile mapped in models.yaml: it answers as Claude (the bundled "hello" fixture matches Claude only).
console.log('profile:', await converse(`${account}:application-inference-profile/a1b2c3d4e5f6`, 'Hello!'));
// A provisioned model, mapped by its short id.
console.log('provisioned:', await converse(`${account}:provisioned-model/abc123def456`, 'What is the weather in Paris?'));
// A custom model needs no entry: its ARN carries its base model.
console.log('custom:', await converse(`${account}:custom-model/amazon.titan-text-express-v1:0:8k/cust0m000001`, 'What is the weather in Paris?'));
// Nor does a resource whose id is a model id (the emulator's naming convention).
console.log('named:', await converse(`${account}:application-inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0`, 'Hello!'));

// An imported model speaks its mapped model's InvokeModel body (here Llama's).
const invoked = await client.send(new InvokeModelCommand({ modelId: `${account}:imported-model/imp0rted0001`, body: JSON.stringify({ prompt: 'What is the weather in Paris?', max_gen_len: 100 }) }));
console.log('imported:', JSON.parse(new TextDecoder().decode(invoked.body)).generation);

// A resource the account does not have is refused as Bedrock refuses it.
try {
  await converse(`${account}:provisioned-model/zzzzzzzzzzzz`, 'Hello!');
} catch (error) {
  console.log('unknown:', error.name, error.message);
}
client.destroy();
