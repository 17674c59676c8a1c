// A tool-using agent loop over Converse with the unmodified AWS SDK (HTTP/2).
// Run the emulator first (npm start), then: node examples/converse-agent-loop.mjs
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({
  endpoint: process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010',
  region: 'us-east-1',
  credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
});
const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const toolConfig = {
  tools: [{ toolSpec: { name: 'get_weather', description: 'Current weather in a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } }],
};
const getWeather = ({ city }) => ({ city, temperatureC: 18, sky: 'sunny' });

const messages = [{ role: 'user', content: [{ text: "What's the weather in Paris?" }] }];
for (;;) {
  const response = await client.send(new ConverseCommand({ modelId, messages, toolConfig }));
  messages.push(response.output.message);
  if (response.stopReason !== 'tool_use') {
    console.log(response.output.message.content.map((block) => block.text ?? '').join(''));
    break;
  }
  const results = response.output.message.content
    .filter((block) => block.toolUse)
    .map(({ toolUse }) => ({ toolResult: { toolUseId: toolUse.toolUseId, content: [{ json: getWeather(toolUse.input) }] } }));
  messages.push({ role: 'user', content: results });
}
client.destroy();
