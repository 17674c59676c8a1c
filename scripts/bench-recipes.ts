/**
 * `npm run bench:recipes`: what each testing recipe costs a test — setting up,
 * one streaming call (the first, cold, and the average of the next ones) and
 * tearing down — with an instant fixture, so the figures are the emulator's
 * and the transport's own overhead. Not a test: it prints figures.
 */
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { setupServer } from 'msw/node';
import { defineFixtures } from '../src/core/fixtures/parse-fixtures.ts';
import { createEmulatorRequestHandler } from '../src/adapters/in-process/emulator-request-handler.ts';
import { interceptHttp2 } from '../src/adapters/in-process/intercept-http2.ts';
import { bedrockHandlers } from '../src/adapters/msw/bedrock-handlers.ts';
import { startEmulator } from '../src/adapters/node/start-emulator.ts';
import { createEmulator } from '../src/emulator/create-emulator.ts';

const fixtures = defineFixtures([{ response: { text: 'A streamed answer of a couple of dozen tokens, cut into deltas the way Claude does it.' }, timing: 'instant' }]);
const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: 'hi' }] });
const base: Partial<BedrockRuntimeClientConfig> = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };

type Recipe = { name: string; setup(): Promise<{ client: BedrockRuntimeClient; teardown: () => Promise<void> | void }> };

const recipes: Recipe[] = [
  {
    name: 'socket, AWS SDK default (HTTP/2)',
    async setup() {
      const server = await startEmulator({ fixtures });
      const client = new BedrockRuntimeClient({ ...base, endpoint: server.url });
      return { client, teardown: async () => (client.destroy(), await server.close()) };
    },
  },
  {
    name: 'msw, AWS SDK NodeHttpHandler',
    setup() {
      const mocks = setupServer(...bedrockHandlers(createEmulator({ fixtures })));
      mocks.listen({ onUnhandledFrame: 'bypass' });
      const client = new BedrockRuntimeClient({ ...base, requestHandler: new NodeHttpHandler() });
      return Promise.resolve({ client, teardown: () => (client.destroy(), mocks.close()) });
    },
  },
  {
    name: 'in process, HTTP/2 interceptor',
    setup() {
      const restore = interceptHttp2(createEmulator({ fixtures }));
      const client = new BedrockRuntimeClient(base);
      return Promise.resolve({ client, teardown: () => (client.destroy(), restore()) });
    },
  },
  {
    name: 'in process, SDK request handler',
    setup() {
      const client = new BedrockRuntimeClient({ ...base, requestHandler: createEmulatorRequestHandler(createEmulator({ fixtures })) });
      return Promise.resolve({ client, teardown: () => client.destroy() });
    },
  },
];

async function streamingCall(client: BedrockRuntimeClient): Promise<number> {
  const startedAt = performance.now();
  const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', body }));
  for await (const _event of response.body ?? []) {
    // read to the end
  }
  return performance.now() - startedAt;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`.padStart(9);
console.log(`${'recipe'.padEnd(36)}    setup  first call  next calls (avg of 50)  teardown`);
for (const recipe of recipes) {
  let startedAt = performance.now();
  const { client, teardown } = await recipe.setup();
  const setup = performance.now() - startedAt;
  const first = await streamingCall(client);
  let total = 0;
  for (let call = 0; call < 50; call++) total += await streamingCall(client);
  startedAt = performance.now();
  await teardown();
  const down = performance.now() - startedAt;
  console.log(`${recipe.name.padEnd(36)} ${ms(setup)}   ${ms(first)}   ${ms(total / 50).padStart(21)}  ${ms(down)}`);
}
