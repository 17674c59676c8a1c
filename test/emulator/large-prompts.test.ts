import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import type { CallRecord } from '../../src/emulator/journal/journal.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { claudeBody, eventually, haiku } from '../support/emulator.ts';

/*
 * A large legal prompt beside small calls: matching it against many regex
 * fixtures takes many passes over it, and other clients must be served
 * between those passes, not after the last one.
 */

const server = await startEmulator({
  // The bundled fixtures (regex and contains matchers on the last user message), and more regexes that a large prompt misses.
  fixturePaths: [fileURLToPath(new URL('../../fixtures', import.meta.url))],
  fixtures: defineFixtures(
    [
      { name: 'ping', match: { lastUserMessage: { equals: 'ping' } }, response: { text: 'pong' } },
      { name: 'once', times: 1, match: { lastUserMessage: 'needle' }, response: { text: 'first' } },
      ...Array.from({ length: 24 }, (_, index) => ({ name: `topic-${index}`, match: { lastUserMessage: { regex: `\\btopic ${index}\\b`, flags: 'i' } }, response: { text: `topic ${index}` } })),
    ],
    'test',
  ),
  timeScale: 0,
  port: 0,
});
afterAll(() => server.close());

/** About 2.5 MB of text, well within Bedrock's 25,000,000-byte body. */
const largePrompt = (ending = ''): string => `${'lorem ipsum dolor sit amet '.repeat(92_000)}${ending}`;

const invoke = (text: string, testId: string, signal?: AbortSignal): Promise<Response> =>
  fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody(text), headers: { 'content-type': 'application/json', 'x-test-id': testId }, ...(signal === undefined ? {} : { signal }) });

async function journal(): Promise<CallRecord[]> {
  const { calls } = (await (await fetch(`${server.url}/_emulator/calls`)).json()) as { calls: CallRecord[] };
  return calls;
}

describe('a large legal prompt beside small calls', () => {
  it('answers a small call and the health check while the large prompt is being matched', async () => {
    await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
    let largeAnswered = false;
    const large = invoke(largePrompt(), 'large').then(async (response) => {
      largeAnswered = true;
      return { status: response.status, body: (await response.json()) as { content: { text: string }[] } };
    });
    // The journal shows the large call parsed but not yet decided: its fixture is being chosen.
    let seenMatching = false;
    while (!largeAnswered && !seenMatching) {
      const record = (await journal()).find((call) => call.request?.headers['x-test-id'] === 'large');
      seenMatching = record?.request !== undefined && record.fixture === undefined && record.unmatched === undefined;
    }
    expect(seenMatching, 'the journal never showed the large call between its parsing and its fixture: nothing was served in between').toBe(true);

    const [health, small] = await Promise.all([fetch(`${server.url}/_emulator/health`), invoke('ping', 'small')]);
    const answeredFirst = !largeAnswered;
    expect(health.status).toBe(200);
    expect(((await small.json()) as { content: unknown }).content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(answeredFirst, 'the small call waited for the large prompt to be matched').toBe(true);

    const answer = await large;
    expect(answer.status).toBe(200);
    // No fixture matches it: the default answer, and the journal says which fixtures came closest.
    expect(answer.body.content[0]?.text).toMatch(/bedrock-emulator/);
    const record = (await journal()).find((call) => call.request?.headers['x-test-id'] === 'large');
    expect(record?.unmatched?.closest.length).toBe(3);
  }, 60_000);

  it('stops matching a large prompt whose client has gone', async () => {
    await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
    const client = new AbortController();
    const large = invoke(largePrompt(), 'gone', client.signal).catch((error: unknown) => error);
    let record: CallRecord | undefined;
    while (record?.request === undefined) record = (await journal()).find((call) => call.request?.headers['x-test-id'] === 'gone');
    client.abort();
    expect(await large).toBeInstanceOf(Error);
    await eventually(async () => {
      const settled = (await journal()).find((call) => call.request?.headers['x-test-id'] === 'gone');
      expect(settled?.outcome).toBe('client-aborted');
      // Matching stopped at the next pass: no fixture chosen, no miss explained.
      expect(settled?.fixture).toBeUndefined();
      expect(settled?.unmatched).toBeUndefined();
    }, 10_000);
  }, 60_000);

  it('keeps a fixture\'s `times` when large prompts are matched at the same time', async () => {
    await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
    const answers = await Promise.all(
      ['a', 'b', 'c'].map(async (id) => {
        const response = await invoke(largePrompt(' needle'), `times-${id}`);
        return ((await response.json()) as { content: { text: string }[] }).content[0]?.text;
      }),
    );
    expect(answers.filter((text) => text === 'first')).toHaveLength(1);
  }, 60_000);
});
