/**
 * `npm run bench:lambda`: the first-byte overhead the Lambda host adds, per
 * mode. The same fixture (first token at 100 ms) is asked for directly with
 * the AWS SDK and through the Function URL of the shipped chat-stream
 * function; the difference in time to the first text byte is the host's (and
 * the function's) own cost. Median and p90 over 30 warm calls each.
 */
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { defineFixtures } from '../src/core/fixtures/parse-fixtures.ts';
import { startLambdaHost } from '../src/aws-local/node/start-lambda-host.ts';
import { startEmulator } from '../src/adapters/node/start-emulator.ts';

const calls = 30;
const emulator = await startEmulator({ fixtures: defineFixtures([{ response: { text: 'A short answer, streamed.' }, timing: { timeToFirstTokenMs: 100, deltaIntervalMs: 5 } }]) });
Object.assign(process.env, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' });

const stats = (values: number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms`;
};

async function direct(): Promise<number[]> {
  const client = new BedrockRuntimeClient({});
  const times: number[] = [];
  for (let call = 0; call <= calls; call++) {
    const startedAt = performance.now();
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }) }));
    let first: number | undefined;
    for await (const item of response.body ?? []) {
      const event = JSON.parse(new TextDecoder().decode(item.chunk?.bytes)) as { type: string };
      if (event.type === 'content_block_delta') first ??= performance.now() - startedAt;
    }
    if (call > 0 && first !== undefined) times.push(first);
  }
  client.destroy();
  return times;
}

async function viaHost(mode: 'in-process' | 'runtime'): Promise<number[]> {
  const host = await startLambdaHost({ handler: 'src/functions/chat-stream/index.ts#handler', mode, timeoutSeconds: 30, environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url }, onLog: () => undefined });
  const times: number[] = [];
  for (let call = 0; call <= calls; call++) {
    const startedAt = performance.now();
    const response = await fetch(host.url, { method: 'POST', body: JSON.stringify({ prompt: 'hi' }) });
    const reader = response.body?.getReader();
    await reader?.read();
    if (call > 0) times.push(performance.now() - startedAt);
    while ((await reader?.read())?.done === false) {
      // read to the end
    }
  }
  await host.close();
  return times;
}

const baseline = await direct();
console.log(`direct (AWS SDK → emulator)          first text byte: ${stats(baseline)}`);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
for (const mode of ['in-process', 'runtime'] as const) {
  const times = await viaHost(mode);
  console.log(`Function URL, ${mode.padEnd(10)} (→ function → SDK → emulator) first byte: ${stats(times)}; overhead (median) ${(median(times) - median(baseline)).toFixed(1)} ms`);
}
await emulator.close();
