// The Vercel AI SDK (ai + @ai-sdk/amazon-bedrock) against the emulator: streamText with a tool.
// Run the emulator first (npm start), then: node examples/vercel-ai.mjs
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';

const bedrock = createAmazonBedrock({
  baseURL: process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? 'http://127.0.0.1:4010',
  region: 'us-east-1',
  accessKeyId: 'emulator',
  secretAccessKey: 'emulator',
});

const result = streamText({
  model: bedrock('us.anthropic.claude-sonnet-4-5-20250929-v1:0'),
  prompt: "What's the weather in Paris?",
  tools: {
    get_weather: tool({
      description: 'Current weather in a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, temperatureC: 18, sky: 'sunny' }),
    }),
  },
  stopWhen: isStepCount(3),
});
for await (const part of result.fullStream) {
  if (part.type === 'text-delta') process.stdout.write(part.text);
  if (part.type === 'tool-call') console.log(`\n[tool call] ${part.toolName}(${JSON.stringify(part.input)})`);
}
console.log();
