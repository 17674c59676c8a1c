import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { bedrockHandlers } from '../../src/adapters/msw/bedrock-handlers.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { createEmulator } from '../../src/emulator/create-emulator.ts';
import { claudeBody, haiku } from '../support/emulator.ts';
import { readEventStream } from '../support/event-stream.ts';

const fixtures = defineFixtures([{ response: { text: 'The same bytes, with or without a port.' }, timing: { profile: 'instant', seed: 5 } }]);
const emulator = createEmulator({ fixtures });
const mocks = setupServer(...bedrockHandlers(emulator, { hosts: ['bedrock.internal.example', 'localhost:4999'] }));
// Other requests (the real server below, example.com) go out as usual.
beforeAll(() => mocks.listen({ onUnhandledFrame: 'bypass' }));
afterAll(() => mocks.close());

const path = `/model/${haiku}/invoke-with-response-stream`;

describe('bedrockHandlers (msw)', () => {
  it.each([
    'https://bedrock-runtime.us-east-1.amazonaws.com',
    'https://bedrock-runtime.eu-central-2.amazonaws.com',
    'https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com',
    'https://bedrock-runtime.cn-north-1.amazonaws.com.cn',
    'https://bedrock.internal.example',
    'http://localhost:4999',
  ])('answers %s', async (origin) => {
    const response = await fetch(`${origin}${path}`, { method: 'POST', body: claudeBody('hi') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect((await readEventStream(response.body ?? new ReadableStream(), 0)).length).toBeGreaterThan(5);
  });

  it('leaves other hosts alone (this machine has no network, so a real fetch fails)', async () => {
    await expect(fetch('https://example.com/model/x/invoke', { method: 'POST' })).rejects.toThrow();
    expect(emulator.calls().some((call) => call.route.includes('example.com'))).toBe(false);
  });

  it('sends the frames the server sends: same headers, payloads and padding (ids aside)', async () => {
    const server = await startEmulator({ fixtures });
    try {
      const frames = async (url: string) => {
        const response = await fetch(url, { method: 'POST', body: claudeBody('hi') });
        const messages = await readEventStream(response.body ?? new ReadableStream(), 0);
        // Message ids are random per call; everything else is decided by the fixture's seed.
        return messages.map((message) => ({
          headers: message.headers,
          padding: message.payload['p'],
          event: Buffer.from(String(message.payload['bytes']), 'base64').toString().replace(/msg_bdrk_01[A-Za-z0-9]+/, 'msg_bdrk_01…'),
        }));
      };
      expect(await frames(`https://bedrock-runtime.us-west-2.amazonaws.com${path}`)).toEqual(await frames(`${server.url}${path}`));
    } finally {
      await server.close();
    }
  });
});
