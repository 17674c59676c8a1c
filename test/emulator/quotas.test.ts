import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { createManualClock } from '../../src/core/playback/manual-clock.ts';
import type { QuotaRule } from '../../src/emulator/call/quotas.ts';
import { runMain } from '../support/run-main.ts';
import { expectStartRefusesUnreadable } from '../support/config-files.ts';
import { claudeBody, credentials, eventually, haiku, region } from '../support/emulator.ts';

const sonnet = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const fixtures = defineFixtures([
  { match: { lastUserMessage: 'long' }, response: { text: 'a b c d e f g h' }, timing: { timeToFirstTokenMs: 0, deltaIntervalMs: 1000, chunking: { by: 'words', min: 1, max: 1 } } },
  { response: { text: 'ok' }, timing: 'instant' },
]);

/** A real server whose quota window runs on a clock the test moves. */
async function withQuotas(quotas: QuotaRule[]) {
  const clock = createManualClock();
  const server = await startEmulator({ fixtures, quotas, clock });
  const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
  const say = (text: string, modelId = sonnet): Promise<string> =>
    client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] })).then(
      () => 'ok',
      (error: unknown) => (error instanceof ThrottlingException ? `throttled: ${error.message}` : `unexpected: ${String(error)}`),
    );
  return { clock, server, client, say, close: async () => (client.destroy(), await server.close()) };
}

const toClose: (() => Promise<unknown>)[] = [];
afterAll(async () => Promise.all(toClose.map((close) => close())));

describe('quotas', () => {
  it('throttles requests over the per-minute quota, until the minute has passed', async () => {
    const { clock, say, close } = await withQuotas([{ model: 'anthropic.claude-sonnet-*', requestsPerMinute: 2 }]);
    toClose.push(close);
    expect(await say('hi')).toBe('ok');
    await clock.advance(30_000);
    expect(await say('hi')).toBe('ok');
    expect(await say('hi')).toBe('throttled: Too many requests, please wait before trying again.');
    expect(await say('hi', haiku)).toBe('ok'); // another model, no rule
    await clock.advance(30_001); // the first call leaves the window
    expect(await say('hi')).toBe('ok');
  });

  it('throttles when the tokens of the last minute would exceed the quota', async () => {
    const { clock, say, server, close } = await withQuotas([{ tokensPerMinute: 26 }]);
    toClose.push(close);
    expect(await say('one two three four five')).toBe('ok'); // 12 in (5 words, Claude's template 7) + 1 out
    expect(await say('one two three four five')).toBe('ok'); // 26 used now
    expect(await say('six')).toBe('throttled: Too many tokens, please wait before trying again.');
    await clock.advance(60_001);
    expect(await say('six')).toBe('ok');
    expect(server.emulator.calls().map((call) => call.outcome)).toEqual(['completed', 'completed', 'fault-injected', 'completed']);
  });

  it('does not count the tokens the prompt cache supplies toward the token quota', async () => {
    const { client, close } = await withQuotas([{ tokensPerMinute: 2000 }]);
    toClose.push(close);
    const manual = Array.from({ length: 1100 }, () => 'word').join(' ');
    const ask = (question: string) =>
      client
        .send(new ConverseCommand({ modelId: sonnet, system: [{ text: manual }, { cachePoint: { type: 'default' } }], messages: [{ role: 'user', content: [{ text: question }] }] }))
        .then((response) => `read ${response.usage?.cacheReadInputTokens ?? 0}`, (error: unknown) => (error instanceof ThrottlingException ? 'throttled' : `unexpected: ${String(error)}`));
    expect(await ask('first?')).toBe('read 0'); // 1,100 written: counted
    expect(await ask('second?')).toBe('read 1100'); // read from the cache: only the question and answer count
    expect(await ask('third?')).toBe('read 1100');
  });

  it('throttles calls over the concurrency quota while a stream is under way', async () => {
    const { clock, client, say, close } = await withQuotas([{ concurrentRequests: 1 }]);
    toClose.push(close);
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [{ role: 'user', content: [{ text: 'long' }] }] }));
    expect(await say('hi')).toBe('throttled: Too many concurrent requests, please wait before trying again.');
    const drained = (async () => {
      for await (const _event of response.stream ?? []) {
        // read to the end
      }
    })();
    for (let second = 0; second < 8; second++) await clock.advance(1000);
    await drained;
    await eventually(async () => expect(await say('hi')).toBe('ok'));
  });
});

describe('a quota file that cannot be read', () => {
  it('stops start with the file and where it breaks', async () => {
    await expectStartRefusesUnreadable('--quotas', 'quota file', 'quotas.yaml');
  });
});

describe('run-wide faults from the CLI', () => {
  async function failures(args: string[]): Promise<number[]> {
    const run = runMain(['start', '--port', '0', '--speed', '0', ...args]);
    const url = await run.listening();
    const statuses: number[] = [];
    for (let call = 0; call < 40; call++) {
      statuses.push((await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('hello') })).status);
    }
    expect(await run.stop()).toBe(0);
    return statuses.flatMap((status, index) => (status === 429 ? [index] : []));
  }

  it('--inject fails about the given fraction of calls, the same ones for the same seed', async () => {
    const first = await failures(['--inject', 'ThrottlingException=0.25', '--inject-seed', '7']);
    const again = await failures(['--inject', 'ThrottlingException=0.25', '--inject-seed', '7']);
    const other = await failures(['--inject', 'ThrottlingException=0.25', '--inject-seed', '8']);
    expect(first).toEqual(again);
    expect(first).not.toEqual(other);
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(first.length).toBeLessThanOrEqual(18);
  });

  it('--rpm throttles every model', async () => {
    const run = runMain(['start', '--port', '0', '--rpm', '2']);
    const url = await run.listening();
    const statuses = [];
    for (let call = 0; call < 3; call++) statuses.push((await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('hi') })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('refuses a bad --inject spec with the list of faults', async () => {
    const run = runMain(['start', '--port', '0', '--inject', 'Meltdown=0.5']);
    expect(await run.exitCode).toBe(1);
    expect(run.output().stderr).toContain('bedrock-emulator: invalid fault "Meltdown=0.5": expected NAME=RATE with NAME one of ValidationException');
  });

  it('suggests the fault meant', async () => {
    const run = runMain(['start', '--port', '0', '--inject', 'Throttling=0.5']);
    expect(await run.exitCode).toBe(1);
    expect(run.output().stderr).toContain('bedrock-emulator: invalid fault "Throttling=0.5" (did you mean ThrottlingException=0.5?): expected NAME=RATE');
  });
});

