// Calls an emulator that verifies signatures (bedrock-emulator start --auth sigv4), as
// Bedrock would: signed with the key pair it knows, then with a wrong secret.
// Run the emulator with the same AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in its environment.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const ask = { modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Hello!' }] }] };

// The standard credential chain: the same variables the emulator checks against.
const signed = new BedrockRuntimeClient({ region: 'us-east-1' });
const answer = await signed.send(new ConverseCommand(ask));
console.log('signed:', answer.output.message.content[0].text);

const forged = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: 'not-the-secret' },
  maxAttempts: 1,
});
try {
  await forged.send(new ConverseCommand(ask));
} catch (error) {
  console.log(`forged: ${error.name} (${error.$metadata.httpStatusCode}): ${error.message}`);
}
signed.destroy();
forged.destroy();
