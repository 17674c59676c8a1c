import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../core/fixtures/parse-fixtures.ts';
import { createRecorder, type RecordEvent, type RecorderOptions } from './recorder.ts';
import type { AwsCredentials } from './sign-upstream.ts';

/*
 * Only createRecorder is exported: its frame and SSE readers, the request readers and the fixture
 * writer are internal, and reached end to end (test/record*.test.ts) through a fake upstream. What a
 * unit can reach without any socket is what happens before the upstream is called: a replay in
 * record-missing mode, and signing. The credential provider below fails and counts its calls, so a
 * call that would have gone upstream is seen, and none is sent.
 */

const haikuConverse = 'http://127.0.0.1:4010/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse';
const converseBody = (text: string): string => JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }] });
const fixtures = defineFixtures([{ name: 'hello', match: { lastUserMessage: 'hello' }, response: { text: 'Hello from the fixture.' }, timing: 'instant' }], 'fixtures/recorded/hello.json');

function recorder(mode: RecorderOptions['mode']) {
  const events: RecordEvent[] = [];
  let signingAttempts = 0;
  const credentials = (): Promise<AwsCredentials> => {
    signingAttempts += 1;
    return Promise.reject(new Error('Could not load credentials from any providers'));
  };
  const created = createRecorder({
    upstream: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    region: 'us-east-1',
    auth: { kind: 'sigv4', credentials },
    // Nothing is written in these tests: no call reaches the upstream.
    fixturesDir: path.join(os.tmpdir(), 'bedrock-emulator-recorder-unit-never-written'),
    matchBy: ['model', 'operation', 'last-user-message'],
    exactTiming: false,
    force: false,
    mode,
    fixtures,
    onRecorded: (event) => events.push(event),
  });
  return { send: (request: Request) => created.fetch(request), replayer: created.replayer, events, signingAttempts: () => signingAttempts };
}

const post = (url: string, body: string): Request => new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=AKIACLIENT/20261126/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00' }, body });

describe('createRecorder, record-missing', () => {
  it('answers a call a fixture matches from the fixture, without signing or forwarding it, and says so', async () => {
    const { send, events, signingAttempts, replayer } = recorder('record-missing');
    const response = await send(post(haikuConverse, converseBody('hello')));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { output: { message: { content: { text: string }[] } } };
    expect(answer.output.message.content[0]?.text).toBe('Hello from the fixture.');
    expect(events).toEqual([{ kind: 'replayed', operation: 'Converse', fixture: 'hello' }]);
    expect(signingAttempts()).toBe(0);
    expect(replayer?.calls().map((call) => call.fixture?.name)).toEqual(['hello']);
  });

  it('sends a call no fixture matches on to be signed for the upstream', async () => {
    const { send, events, signingAttempts } = recorder('record-missing');
    const response = await send(post(haikuConverse, converseBody('something else')));
    expect(signingAttempts()).toBe(1);
    expect(response.status).toBe(500);
    expect(events).toMatchObject([{ kind: 'not-recorded', reason: 'bedrock-emulator failed to handle the request: Could not load credentials from any providers' }]);
    await response.body?.cancel();
  });

  it('sends a body the emulator cannot read on all the same (it is the upstream’s to judge)', async () => {
    const { send, signingAttempts } = recorder('record-missing');
    const response = await send(post(haikuConverse, '{"messages": "not a list"'));
    expect(signingAttempts()).toBe(1);
    await response.body?.cancel();
  });
});

describe('createRecorder, record-all', () => {
  it('has no replayer, and sends even a call a fixture matches upstream', async () => {
    const { send, signingAttempts, replayer } = recorder('record-all');
    expect(replayer).toBeUndefined();
    const response = await send(post(haikuConverse, converseBody('hello')));
    expect(signingAttempts()).toBe(1);
    await response.body?.cancel();
  });
});

describe('createRecorder, credentials that cannot sign', () => {
  it('answers as Bedrock would, with the reason, and reports the call not recorded', async () => {
    const { send, events } = recorder('record-all');
    const response = await send(post(haikuConverse, converseBody('hello')));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^InternalServerException:/);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ message: 'bedrock-emulator failed to handle the request: Could not load credentials from any providers' });
    expect(events).toMatchObject([{ kind: 'not-recorded', reason: 'bedrock-emulator failed to handle the request: Could not load credentials from any providers' }]);
  });
});
