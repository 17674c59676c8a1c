import { describe, expect, it } from 'vitest';
import { FixtureError } from '../core/errors/fixture-error.ts';
import { defineFixtures } from '../core/fixtures/parse-fixtures.ts';
import { createEmulator, type Emulator } from './create-emulator.ts';
import { createManualClock } from '../core/playback/manual-clock.ts';

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';

const converse = (modelId: string) =>
  new Request(`http://emulator/model/${encodeURIComponent(modelId)}/converse`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }) });

describe('createEmulator: the models option', () => {
  it('checks the option like a models file, naming each field', () => {
    const create = () => createEmulator({ models: { models: { a1b2c3d4e5f6: 'claude-3-haiku' }, prompts: { GREETING01: { model: haiku } } } });
    expect(create).toThrow(FixtureError);
    expect(create).toThrow(/invalid models option \(2 problems\):\n {2}the models option: models\.a1b2c3d4e5f6: expected a foundation model id[^\n]*\n {2}the models option: prompts\.GREETING01: a prompt needs a template/);
  });

  it('serves what it declares, journals the id as sent, and shows it back', async () => {
    const emulator = createEmulator({ models: { models: { [profileArn]: haiku } }, defaultText: 'Hi.', timeScale: 0 });
    const response = await emulator.fetch(converse(profileArn));
    expect(response.status).toBe(200);
    expect(emulator.calls()[0]?.model).toEqual({ raw: profileArn, base: haiku });
    expect(emulator.models().models).toEqual({ [profileArn]: haiku });
  });

  it('without it, an opaque resource id is an invalid identifier', async () => {
    const response = await createEmulator().fetch(converse(profileArn));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^The provided model identifier is invalid\./);
  });
});

describe('the routes the emulator serves', () => {
  it('answers every route of the API registry (none is left to the unknown-operation answer)', async () => {
    const { apis } = await import('../apis/registry.ts');
    const emulator = createEmulator();
    // What a path no route takes is answered with, so the check below means something.
    const unknown = await emulator.fetch(new Request('http://localhost/model/x/no-such-operation', { method: 'POST', body: '{}' }));
    expect(unknown.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException/);
    for (const route of Object.values(apis).flatMap((api) => api.routes)) {
      const path = route.path.replace(':modelId', 'anthropic.claude-3-5-haiku-20241022-v1:0').replace(':guardrailIdentifier', 'gr-1').replace(':guardrailVersion', '1');
      const response = await emulator.fetch(new Request(`http://localhost${path}`, { method: route.method, body: '{}' }));
      await response.body?.cancel();
      expect({ path, type: response.headers.get('x-amzn-errortype') }, path).not.toMatchObject({ type: expect.stringMatching(/^UnknownOperationException/) as string });
    }
  });
});

describe('createEmulator: two emulators in one process', () => {
  // Deltas 2 ms apart: each goes out as its own write, the very bytes kept for the plan (a write of several is a copy).
  const [fixture] = defineFixtures([{ response: { text: 'one two three four five' }, timing: { timeToFirstTokenMs: 0, deltaIntervalMs: 2, jitterMs: 0, chunking: { by: 'words', min: 1, max: 1 } } }]);
  const user = [{ role: 'user', content: 'count' }];
  // One route per encoding: InvokeModel's chunks, Converse's events, Anthropic's server-sent events.
  const streams: readonly (readonly [string, () => Request])[] = [
    ['InvokeModelWithResponseStream', () => new Request(`http://emulator/model/${haiku}/invoke-with-response-stream`, { method: 'POST', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: user }) })],
    ['ConverseStream', () => new Request(`http://emulator/model/${haiku}/converse-stream`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'count' }] }] }) })],
    ['Anthropic Messages', () => new Request('http://emulator/anthropic/v1/messages', { method: 'POST', headers: { 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: haiku, max_tokens: 100, stream: true, messages: user }) })],
  ];
  const streamed = async (emulator: Emulator, request: Request): Promise<Uint8Array[]> => {
    const response = await emulator.fetch(request);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const writes: Uint8Array[] = [];
    for (let read = await reader.read(); read.done !== true; read = await reader.read()) writes.push(read.value);
    return writes;
  };
  const joined = (writes: readonly Uint8Array[]): number[] => writes.flatMap((write) => [...write]);

  it.each(streams)('each keeps its own plans and frames (%s): the same fixture object gives the same bytes, never the same kept frame', async (_name, request) => {
    if (fixture === undefined) throw new Error('no fixture');
    const first = createEmulator({ fixtures: [fixture] });
    const second = createEmulator({ fixtures: [fixture] });
    const once = await streamed(first, request());
    const again = await streamed(first, request());
    const elsewhere = await streamed(second, request());
    // One emulator sends a repeated stream's frames as it kept them (all but the call's own: its id, its latency)…
    const kept = once.flatMap((write, index) => (again[index] === write ? [index] : []));
    expect(kept.length).toBeGreaterThan(0);
    // …the other sends the same bytes, encoded and kept on its own.
    expect(elsewhere).toHaveLength(once.length);
    for (const index of kept) expect(joined([elsewhere[index] ?? new Uint8Array()])).toEqual(joined([once[index] ?? new Uint8Array()]));
    expect(elsewhere.filter((write) => once.includes(write))).toEqual([]);
  });
});

describe('createEmulator: calls answered at once', () => {
  const post = (path: string, body: object, headers: Record<string, string> = {}) => new Request(`http://emulator${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const messages = [{ role: 'user', content: [{ text: 'count me' }] }];

  it('are journaled as before: an embedding like every call answered whole (its answer its first byte and its end), a count or an assessment with no first byte', async () => {
    // A clock that moves while a call is answered: each call's end is then a figure of its own, not 0.
    const clock = createManualClock();
    const ticking = { ...clock, now: () => clock.now() + (ticks += 1) };
    let ticks = 0;
    const emulator = createEmulator({
      clock: ticking,
      guardrails: [{ id: 'g1', versions: ['DRAFT'], blockedInputMessaging: 'No.', blockedOutputsMessaging: 'No.', wordPolicy: { words: ['falcon'] } }],
    });
    const requests = [
      post(`/model/${haiku}/count-tokens`, { input: { converse: { messages } } }),
      post('/anthropic/v1/messages/count_tokens', { model: haiku, messages: [{ role: 'user', content: 'count me' }] }, { 'anthropic-version': '2023-06-01' }),
      post('/guardrail/g1/version/DRAFT/apply', { source: 'INPUT', content: [{ text: { text: 'project falcon' } }] }),
      post('/model/amazon.titan-embed-text-v2:0/invoke', { inputText: 'embed me' }),
    ];
    for (const request of requests) expect((await emulator.fetch(request)).status, request.url).toBe(200);
    const calls = emulator.calls();
    expect(calls.map((call) => call.operation)).toEqual(['CountTokens', 'CountTokens', 'ApplyGuardrail', 'InvokeModel']);
    for (const call of calls) {
      expect(call.outcome, call.operation).toBe('completed');
      expect(call.durationMs, call.operation).toBeGreaterThan(0);
      expect(call.firstByteMs, call.operation).toBe(call.operation === 'InvokeModel' ? call.durationMs : undefined);
    }
  });
});
