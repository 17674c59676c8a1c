import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { credentials, haiku, region, useEmulator } from '../support/emulator.ts';

const server = await useEmulator([{ name: 'loaded-catch-all', response: { text: 'from the loaded fixtures' }, timing: 'instant' }]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials: { ...credentials, sessionToken: 'SECRET-SESSION-TOKEN' }, maxAttempts: 1 });
afterAll(() => client.destroy());
beforeEach(async () => {
  await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
});

const say = async (text: string): Promise<string> => {
  const response = await client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text }] }] }));
  return response.output?.message?.content?.[0]?.text ?? '';
};

describe('control routes under /_emulator', () => {
  it('keeps a bounded journal of large legal calls: long texts cut and marked, /_emulator/calls always answers', async () => {
    const prompt = `${'all work and no play '.repeat(150_000)}end`; // 3.15 MB
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => (await fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: prompt }] }) })).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const response = await fetch(`${server.url}/_emulator/calls`);
    expect(response.status).toBe(200);
    const text = await response.text();
    // 12 calls of 3 MB are journaled in well under 1 MB: each text kept to its first 8,192 characters.
    expect(text.length).toBeLessThan(1_000_000);
    const { calls } = JSON.parse(text) as { calls: { request: { messages: { content: { text: string }[] }[] } }[] };
    expect(calls.at(-1)?.request.messages[0]?.content[0]?.text).toMatch(/^all work and no play [\s\S]{8000,}…\[truncated: 3,150,003 characters\]$/);
  });

  it('reports a posted fixture nested thousands deep as a typed 400, and refuses a body over 5 MB', async () => {
    const deep = await fetch(`${server.url}/_emulator/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"response":{"text":"x"},"match":{"model":${'['.repeat(20_000)}${']'.repeat(20_000)}}}` });
    expect([deep.status, deep.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    expect(((await deep.json()) as { problems: string[] }).problems).toEqual(['POST /_emulator/fixtures: the file nests deeper than 100 levels; no fixture needs that']);
    const huge = await fetch(`${server.url}/_emulator/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"response":{"text":"${'x'.repeat(5_100_000)}"}}` });
    expect(huge.status).toBe(413);
  });

  it('names the control routes when a path under /_emulator/ is none of them', async () => {
    const response = await fetch(`${server.url}/_emulator/call`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toBe(
      'bedrock-emulator: no control route matches GET /_emulator/call. Control routes: GET /_emulator/health, GET /_emulator/calls, POST /_emulator/reset, GET /_emulator/fixtures, POST /_emulator/fixtures.',
    );
  });

  it('answers health', async () => {
    const response = await fetch(`${server.url}/_emulator/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('lists the calls, with the fixture that answered and no credentials', async () => {
    await say('hello');
    const { calls } = (await (await fetch(`${server.url}/_emulator/calls`)).json()) as { calls: Record<string, unknown>[] };
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ operation: 'Converse', status: 200, outcome: 'completed', fixture: { name: 'loaded-catch-all' } });
    const serialized = JSON.stringify(calls);
    expect(serialized).not.toContain('SECRET-SESSION-TOKEN');
    expect(serialized).not.toContain(credentials.accessKeyId);
    expect(serialized).not.toMatch(/authorization|Signature=/i);
  });

  it('adds fixtures at run time (JSON or YAML), matched before the loaded ones until a reset', async () => {
    const added = await fetch(`${server.url}/_emulator/fixtures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'from-python', match: { lastUserMessage: 'python' }, response: { text: 'added over HTTP' }, timing: 'instant' }]),
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ added: 1, fixtures: ['from-python'] });
    const yaml = await fetch(`${server.url}/_emulator/fixtures`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: 'name: from-yaml\nmatch: { lastUserMessage: yaml }\nresponse: { text: added as YAML }\ntiming: instant\n',
    });
    expect(yaml.status).toBe(201);
    expect(await say('python please')).toBe('added over HTTP');
    expect(await say('yaml please')).toBe('added as YAML');
    expect(await say('anything else')).toBe('from the loaded fixtures');
    const listed = (await (await fetch(`${server.url}/_emulator/fixtures`)).json()) as { fixtures: { name: string; uses: number }[] };
    expect(listed.fixtures.map((fixture) => [fixture.name, fixture.uses])).toEqual([
      ['from-python', 1],
      ['from-yaml', 1],
      ['loaded-catch-all', 1],
    ]);
    await fetch(`${server.url}/_emulator/reset`, { method: 'POST' });
    expect(await say('python please')).toBe('from the loaded fixtures');
  });

  it('refuses invalid fixtures with every problem', async () => {
    const response = await fetch(`${server.url}/_emulator/fixtures`, { method: 'POST', body: JSON.stringify([{ response: { text: 1 } }, { match: { model: 2 }, response: { text: 'x' } }]) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'invalid fixtures (2)',
      problems: [
        'POST /_emulator/fixtures:1: [0].response.text: expected a string, or a non-empty list of strings (the exact deltas), got 1',
        'POST /_emulator/fixtures:1: [1].match.model: expected a string, got 2',
      ],
    });
  });

  it('does not journal its own calls, and cannot be reached as a Bedrock operation', async () => {
    await fetch(`${server.url}/_emulator/calls`);
    expect(server.emulator.calls()).toEqual([]);
    const bedrockPath = await fetch(`${server.url}/model/_emulator/calls`, { method: 'POST', body: '{}' });
    expect(bedrockPath.status).toBe(404);
  });
});

describe('credentials in miss reasons', () => {
  it('never quotes a secret header, the request\'s or the fixture\'s, in the 404 nor in the journal', async () => {
    const emulator = await startEmulator({ unmatched: 'error', fixtures: defineFixtures([{ name: 'keyed', match: { headers: { 'x-api-key': 'FIXTURE-KEY-VALUE', authorization: { contains: 'Bearer FIXTURE' } } }, response: { text: 'ok' } }]) });
    try {
      const response = await fetch(`${emulator.url}/model/${haiku}/invoke`, { method: 'POST', headers: { 'x-api-key': 'REQUEST-SECRET-KEY', authorization: 'Bearer REQUEST-SECRET-TOKEN' }, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
      const body = await response.text();
      const journal = await (await fetch(`${emulator.url}/_emulator/calls`)).text();
      expect(body).toContain('headers.x-api-key');
      expect(body).toContain('a value of 18 characters (not shown)');
      for (const secret of ['REQUEST-SECRET-KEY', 'REQUEST-SECRET-TOKEN', 'FIXTURE-KEY-VALUE', 'Bearer FIXTURE']) {
        expect({ secret, inBody: body.includes(secret), inJournal: journal.includes(secret) }).toEqual({ secret, inBody: false, inJournal: false });
      }
    } finally {
      await emulator.close();
    }
  });
});
