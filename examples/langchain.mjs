// LangChain's ChatBedrockConverse against the emulator. It builds its own AWS SDK client,
// so point it with the environment: AWS_ENDPOINT_URL_BEDROCK_RUNTIME and AWS_DEFAULT_REGION.
// Run the emulator first (npm start), then: node examples/langchain.mjs
import { ChatBedrockConverse } from '@langchain/aws';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
process.env.AWS_DEFAULT_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'emulator';
process.env.AWS_SECRET_ACCESS_KEY ??= 'emulator';

const model = new ChatBedrockConverse({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
for await (const chunk of await model.stream('Hello! Who are you?')) process.stdout.write(String(chunk.content));
console.log();
