import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, type Message } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const server = await useEmulator([
  { name: 'low', match: { lastUserMessage: 'priority' }, response: { text: 'low' }, timing: 'instant' },
  { name: 'high', priority: 10, match: { lastUserMessage: 'priority' }, response: { text: 'high' }, timing: 'instant' },
  {
    name: 'flaky-then-fine',
    match: { lastUserMessage: 'sequence' },
    responses: [{ text: 'first' }, { text: 'second' }, { text: 'third' }],
    timing: 'instant',
  },
  { name: 'cycle', match: { lastUserMessage: 'cycle' }, responses: [{ text: 'a' }, { text: 'b' }], repeat: 'all', timing: 'instant' },
  { name: 'twice', match: { lastUserMessage: 'limited' }, times: 2, response: { text: 'limited answer' }, timing: 'instant' },
  { name: 'after-limit', match: { lastUserMessage: 'limited' }, response: { text: 'fallback' }, timing: 'instant' },
  { name: 'test-a', match: { headers: { 'x-test-id': { equals: 'a' } } }, response: { text: 'for test a' }, timing: 'instant' },
  { name: 'test-b', match: { headers: { 'X-Test-Id': { equals: 'b' } } }, response: { text: 'for test b' }, timing: 'instant' },
  { name: 'second-turn', match: { turn: 2, anyMessage: 'remember' }, response: { text: 'I remember.' }, timing: 'instant' },
  { name: 'streams-only', match: { operation: 'ConverseStream', lastUserMessage: 'op' }, response: { text: 'streamed' }, timing: 'instant' },
  { name: 'non-stream', match: { operation: ['Converse', 'InvokeModel'], lastUserMessage: 'op' }, response: { text: 'whole' }, timing: 'instant' },
]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());
beforeEach(() => server.emulator.reset());

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
async function say(text: string | Message[], headers: Record<string, string> = {}): Promise<string> {
  const command = new ConverseCommand({ modelId: sonnet, messages: typeof text === 'string' ? [user(text)] : text });
  // How a test adds its own header with the AWS SDK: a build-step middleware.
  command.middlewareStack.add(
    (next) => (args) => {
      Object.assign((args.request as { headers: Record<string, string> }).headers, headers);
      return next(args);
    },
    { step: 'build' },
  );
  const response = await client.send(command);
  return response.output?.message?.content?.map((block) => block.text ?? '').join('') ?? '';
}

describe('which fixture answers', () => {
  it('is the one with the highest priority among those that match', async () => {
    expect(await say('priority please')).toBe('high');
  });

  it('steps through a sequence, then repeats the last response', async () => {
    const answers = [];
    for (let call = 0; call < 5; call++) answers.push(await say('sequence'));
    expect(answers).toEqual(['first', 'second', 'third', 'third', 'third']);
  });

  it('starts over with repeat: all, and a reset starts every sequence over', async () => {
    expect([await say('cycle'), await say('cycle'), await say('cycle')]).toEqual(['a', 'b', 'a']);
    server.emulator.reset();
    expect(await say('cycle')).toBe('a');
  });

  it('stops matching after `times` calls, so the next fixture answers', async () => {
    expect([await say('limited'), await say('limited'), await say('limited')]).toEqual(['limited answer', 'limited answer', 'fallback']);
  });

  it('scopes fixtures to a test by a request header (names case-insensitive)', async () => {
    expect(await say('anything', { 'x-test-id': 'a' })).toBe('for test a');
    expect(await say('anything', { 'x-test-id': 'b' })).toBe('for test b');
  });

  it('matches the user turn number and any message', async () => {
    const conversation: Message[] = [user('Please remember: blue.'), { role: 'assistant', content: [{ text: 'OK.' }] }, user('What did I say?')];
    expect(await say(conversation)).toBe('I remember.');
  });

  it('matches the operation', async () => {
    expect(await say('op')).toBe('whole');
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user('op')] }));
    let text = '';
    for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('streamed');
  });

  it('shows in the journal which fixture answered and why', async () => {
    await say('priority please');
    await say('sequence');
    const [priority, sequence] = server.emulator.calls();
    expect(priority?.fixture).toEqual({
      name: 'high',
      file: 'test',
      index: 1,
      reason: 'matched lastUserMessage contains "priority"; 2 fixtures matched; it has the highest priority (10) and was loaded first among those',
    });
    expect(sequence?.fixture?.reason).toBe('matched lastUserMessage contains "sequence"; the only fixture that matched; response 1 of 3');
    expect(priority).toMatchObject({ operation: 'Converse', model: { raw: sonnet, base: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, status: 200, outcome: 'completed' });
    expect(priority?.request?.headers['authorization']).toBeUndefined();
    expect(priority?.request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});

describe('unmatched requests', () => {
  const fixtures = defineFixtures([
    { name: 'weather', match: { lastUserMessage: { regex: 'weather', flags: 'i' }, tools: ['get_weather'] }, response: { text: 'Sunny.' } },
    { name: 'greeting', match: { lastUserMessage: { equals: 'hello' } }, response: { text: 'Hi!' } },
    { name: 'other-model', match: { model: 'amazon.*' }, response: { text: 'Nova here.' } },
  ]);

  it('fail with the closest fixtures and why each missed, under --unmatched error', async () => {
    const strict = await startEmulator({ fixtures, unmatched: 'error' });
    const strictClient = new BedrockRuntimeClient({ endpoint: strict.url, region, credentials, maxAttempts: 1 });
    try {
      const error = (await strictClient.send(new ConverseCommand({ modelId: sonnet, messages: [user("What's the weather like?")] })).catch((e: unknown) => e)) as Error & {
        $metadata: { httpStatusCode: number };
      };
      expect(error.name).toBe('NoFixtureMatchedException');
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(error.message).toBe(
        [
          `bedrock-emulator: no fixture matched this Converse request (model ${sonnet}, last user message "What's the weather like?"). Closest fixtures:`,
          '  1. weather (inline[0]): tools: expected offers get_weather, got no tools',
          '  2. greeting (inline[1]): lastUserMessage: expected equals "hello", got "What\'s the weather like?"',
          '  3. other-model (inline[2]): model: expected matches the glob "amazon.*", got "anthropic.claude-sonnet-4-5-20250929-v1:0"',
        ].join('\n'),
      );
      expect(strict.emulator.calls()[0]).toMatchObject({ outcome: 'error', status: 404, unmatched: { policy: 'error', closest: [{ name: 'weather' }, { name: 'greeting' }, { name: 'other-model' }] } });
    } finally {
      strictClient.destroy();
      await strict.close();
    }
  });

  it('answer with the last user message under --unmatched echo', async () => {
    const echo = await startEmulator({ fixtures, unmatched: 'echo', timeScale: 0 });
    const echoClient = new BedrockRuntimeClient({ endpoint: echo.url, region, credentials, maxAttempts: 1 });
    try {
      const response = await echoClient.send(new ConverseCommand({ modelId: sonnet, messages: [user('Repeat after me, please.')] }));
      expect(response.output?.message?.content).toEqual([{ text: 'Repeat after me, please.' }]);
    } finally {
      echoClient.destroy();
      await echo.close();
    }
  });
});
