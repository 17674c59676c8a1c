import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { streamText } from 'ai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { loadFixtureFiles } from '../../src/adapters/node/load-fixture-files.ts';
import { startRecorder, type RunningRecorder, type StartRecorderOptions } from '../../src/recorder/start-recorder.ts';
import type { RecordEvent } from '../../src/recorder/recorder.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { claudeBody, eventually, haiku, useEmulator } from '../support/emulator.ts';
import { runCli } from '../support/cli.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

// Bedrock, played by a second emulator that verifies signatures: re-signing is proven by a verifier.
const bedrockKeys = { accessKeyId: 'AKIAUPSTREAMEXAMPLE', secretAccessKey: 'upstream-secret-do-not-write' };
const story = ['Once', ' upon', ' a time', ', a proxy', ' kept', ' the beat', '.'];
const upstream = await useEmulator(
  [
    { name: 'story', match: { lastUserMessage: 'tell me a story' }, response: { text: story, usage: { inputTokens: 11, outputTokens: 7 } }, timing: { timeToFirstTokenMs: 80, deltaIntervalMs: 30, jitterMs: 0 } },
    {
      name: 'weather',
      match: { lastUserMessage: 'weather in Paris' },
      response: { content: [{ text: ['Let me ', 'check.'] }, { toolUse: { name: 'get_weather', id: 'tooluse_recorded1', input: { city: 'Paris' } } }] },
      timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 5 },
    },
    {
      name: 'thinker',
      match: { lastUserMessage: 'think first' },
      response: { content: [{ reasoning: { text: ['Two ', 'and two.'], signature: 'sig-recorded' } }, { text: ['It is ', '4.'] }] },
      timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 5 },
    },
    { name: 'busy', match: { lastUserMessage: 'busy' }, response: { error: { type: 'ThrottlingException', message: 'Too many tokens, please wait.' } } },
    { name: 'drops', match: { lastUserMessage: 'drop the line' }, response: { text: ['a', 'b', 'c'], drop: { afterChunks: 2 } }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 5 } },
    { name: 'breaks', match: { lastUserMessage: 'break midway' }, response: { text: ['a', 'b', 'c', 'd', 'e'], streamError: { type: 'modelStreamErrorException', message: 'The model broke.', afterChunks: 3 } }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 5 } },
    { name: 'pirate', match: { system: { contains: 'pirate' } }, response: { text: ['Arr', ', matey!'] }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 5 } },
  ],
  { auth: { modes: ['sigv4'], region: 'us-east-1', accountId: '123456789012', credentials: [bedrockKeys], apiKeys: [] } },
);

// The client never sees Bedrock's keys: it signs for the recorder with its own.
const clientCredentials = { accessKeyId: 'AKIACLIENTEXAMPLE', secretAccessKey: 'client-secret-do-not-write', sessionToken: 'client-session-token-do-not-write' };
const running: RunningRecorder[] = [];
afterAll(() => Promise.all(running.map((recorder) => recorder.close())));

async function recorder(dir: string, options: Partial<StartRecorderOptions> = {}): Promise<{ recorder: RunningRecorder; events: RecordEvent[] }> {
  const events: RecordEvent[] = [];
  const started = await startRecorder({
    upstream: upstream.url,
    region: 'us-east-1',
    auth: { kind: 'sigv4', credentials: bedrockKeys },
    fixturesDir: dir,
    matchBy: ['model', 'operation', 'last-user-message'],
    exactTiming: false,
    force: false,
    mode: 'record-all',
    port: 0,
    onRecorded: (event) => events.push(event),
    ...options,
  });
  running.push(started);
  return { recorder: started, events };
}

const clients: BedrockRuntimeClient[] = [];
afterAll(() => clients.forEach((client) => client.destroy()));
function sdk(url: string, http1 = false): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: clientCredentials, maxAttempts: 1, ...(http1 ? { requestHandler: new NodeHttpHandler() } : {}) });
  clients.push(client);
  return client;
}

type Observed = { deltas: string[]; times: number[]; stopReason: string | undefined; usage: unknown; toolInput: string; reasoning: string; signature: string };

async function converseStream(url: string, text: string, http1 = false): Promise<Observed> {
  const sentAt = performance.now();
  const response = await sdk(url, http1).send(new ConverseStreamCommand({ modelId: `us.${haiku}`, messages: [{ role: 'user', content: [{ text }] }] }));
  const observed: Observed = { deltas: [], times: [], stopReason: undefined, usage: undefined, toolInput: '', reasoning: '', signature: '' };
  for await (const event of (response.stream ?? []) as AsyncIterable<ConverseStreamOutput>) {
    const delta = event.contentBlockDelta?.delta;
    if (delta?.text !== undefined) {
      observed.deltas.push(delta.text);
      observed.times.push(performance.now() - sentAt);
    }
    observed.toolInput += delta?.toolUse?.input ?? '';
    observed.reasoning += delta?.reasoningContent?.text ?? '';
    observed.signature += delta?.reasoningContent?.signature ?? '';
    if (event.messageStop !== undefined) observed.stopReason = event.messageStop.stopReason;
    if (event.metadata !== undefined) observed.usage = { inputTokens: event.metadata.usage?.inputTokens, outputTokens: event.metadata.usage?.outputTokens };
  }
  return observed;
}

async function invokeStream(url: string, text: string): Promise<{ chunks: string[]; texts: string[] }> {
  const response = await sdk(url, true).send(new InvokeModelWithResponseStreamCommand({ modelId: `us.${haiku}`, body: claudeBody(text) }));
  const chunks: string[] = [];
  const texts: string[] = [];
  for await (const event of response.body ?? []) {
    if (event.chunk?.bytes === undefined) continue;
    const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as { type: string; delta?: { text?: string } };
    chunks.push(chunk.type);
    if (chunk.delta?.text !== undefined) texts.push(chunk.delta.text);
  }
  return { chunks, texts };
}

/** A recorded fixture file, as far as these tests read it. */
type RecordedFile = {
  match: unknown;
  response: { text?: unknown; content?: unknown; stopReason?: string; usage?: unknown; error?: unknown; streamError?: unknown };
  timing: { timeToFirstTokenMs: number; deltaIntervalMs: number; deltaGapsMs: number[] };
};
const readRecorded = (dir: string, file: string): RecordedFile => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as RecordedFile;

/** Every file the recorder wrote, as text: what a scanner for leaked secrets reads. */
function writtenFiles(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));
}

function expectNoSecrets(dir: string): void {
  for (const [file, text] of writtenFiles(dir)) {
    for (const secret of [bedrockKeys.accessKeyId, bedrockKeys.secretAccessKey, clientCredentials.accessKeyId, clientCredentials.secretAccessKey, clientCredentials.sessionToken, 'AWS4-HMAC-SHA256', 'Signature=', 'X-Amz-Security-Token', 'Bearer ', 'ABSK']) {
      expect({ file, leaks: text.includes(secret) ? secret : undefined }).toEqual({ file, leaks: undefined });
    }
  }
}

describe('bedrock-emulator record: a re-signing proxy that writes timed fixtures', () => {
  const dir = temporaryDir();
  let recorded: Awaited<ReturnType<typeof recorder>>;
  const through: Record<string, Observed> = {};
  beforeAll(async () => {
    recorded = await recorder(dir);
  });

  it('records a ConverseStream over HTTP/2, re-signed for Bedrock (which verifies it): same deltas to the client, a fixture with the cut, usage and timing', async () => {
    through.story = await converseStream(recorded.recorder.url, 'tell me a story');
    expect(through.story.deltas).toEqual(story);
    // Passed through as it arrived, not when the answer was complete: the deltas kept their spacing (6 gaps of 30 ms).
    expect((through.story.times.at(-1) ?? 0) - (through.story.times[0] ?? 0)).toBeGreaterThan(120);
    expect(through.story.stopReason).toBe('end_turn');
    expect(through.story.usage).toEqual({ inputTokens: 11, outputTokens: 7 });
    await eventually(() => expect(recorded.events.filter((event) => event.kind === 'recorded')).toHaveLength(1));
    const fixture = readRecorded(dir, 'converse-stream-tell-me-a-story.json');
    expect(fixture.match).toEqual({ model: haiku, operation: 'ConverseStream', lastUserMessage: { equals: 'tell me a story' } });
    expect(fixture.response).toEqual({ text: story, stopReason: 'end_turn', usage: { inputTokens: 11, outputTokens: 7 } });
    // Measured on the way: the upstream's 80 ms to the first token and 30 ms between deltas.
    expect(fixture.timing.timeToFirstTokenMs).toBeGreaterThanOrEqual(75);
    expect(fixture.timing.timeToFirstTokenMs).toBeLessThan(200);
    expect(fixture.timing.deltaIntervalMs).toBeGreaterThanOrEqual(25);
    expect(fixture.timing.deltaIntervalMs).toBeLessThan(60);
  });

  it('records InvokeModelWithResponseStream over HTTP/1.1 with a tool call, and the whole InvokeModel and Converse', async () => {
    const streamed = await invokeStream(recorded.recorder.url, 'weather in Paris');
    expect(streamed.texts).toEqual(['Let me ', 'check.']);
    const whole = await sdk(recorded.recorder.url).send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('think first', { thinking: { type: 'enabled', budget_tokens: 1024 } }) }));
    expect((JSON.parse(new TextDecoder().decode(whole.body)) as { content: unknown[] }).content[0]).toEqual({ type: 'thinking', thinking: 'Two and two.', signature: 'sig-recorded' });
    const converse = await sdk(recorded.recorder.url, true).send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'weather in Paris' }] }] }));
    expect(converse.stopReason).toBe('tool_use');
    await eventually(() => expect(recorded.events.filter((event) => event.kind === 'recorded')).toHaveLength(4));
    const streamedFixture = readRecorded(dir, 'invoke-model-with-response-stream-weather-in-paris.json');
    expect(streamedFixture.response.content).toEqual([{ text: ['Let me ', 'check.'] }, { toolUse: { name: 'get_weather', id: 'tooluse_recorded1', input: { city: 'Paris' } } }]);
    expect(streamedFixture.response.stopReason).toBe('tool_use');
    const thinking = readRecorded(dir, 'invoke-model-think-first.json');
    expect(thinking.response.content).toEqual([{ reasoning: { text: ['Two and two.'], signature: 'sig-recorded' } }, { text: ['It is 4.'] }]);
  });

  it('records an HTTP error and a mid-stream exception as faults, and the client gets them as Bedrock sent them', async () => {
    const error = await sdk(recorded.recorder.url).send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'busy' }] }] })).catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Too many tokens, please wait.' });
    const broken = await converseStream(recorded.recorder.url, 'break midway').catch((caught: unknown) => caught as Error);
    expect(broken).toMatchObject({ name: 'ModelStreamErrorException', message: 'The model broke.' });
    await eventually(() => expect(recorded.events.filter((event) => event.kind === 'recorded')).toHaveLength(6));
    const busy = readRecorded(dir, 'converse-busy.json');
    expect(busy.response.error).toMatchObject({ type: 'ThrottlingException', message: 'Too many tokens, please wait.' });
    const midway = readRecorded(dir, 'converse-stream-break-midway.json');
    // What came before the exception, and the exception after the same number of events.
    expect(midway.response.streamError).toEqual({ type: 'modelStreamErrorException', message: 'The model broke.', afterChunks: 3 });
    expect(midway.response.text).toEqual(['a', 'b']);
  });

  it('records through the Anthropic SDK and the Vercel AI SDK too', async () => {
    const anthropic = new AnthropicBedrock({ baseURL: recorded.recorder.url, awsRegion: 'us-east-1', awsAccessKey: clientCredentials.accessKeyId, awsSecretKey: clientCredentials.secretAccessKey, maxRetries: 0 });
    const texts: string[] = [];
    const stream = anthropic.messages.stream({ model: `us.${haiku}`, max_tokens: 200, messages: [{ role: 'user', content: 'tell me a story' }] });
    stream.on('text', (text) => texts.push(text));
    await stream.finalMessage();
    expect(texts).toEqual(story);
    const bedrock = createAmazonBedrock({ baseURL: recorded.recorder.url, region: 'us-east-1', accessKeyId: clientCredentials.accessKeyId, secretAccessKey: clientCredentials.secretAccessKey });
    const result = streamText({ model: bedrock(`us.${haiku}`), prompt: 'tell me a story', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts).toEqual(story);
    // A second recording of the same call is written beside the first, not over it.
    await eventually(() => expect(readdirSync(dir)).toContain('converse-stream-tell-me-a-story_2.json'));
    expect(readdirSync(dir)).toContain('invoke-model-with-response-stream-tell-me-a-story.json');
  });

  it('wrote only fixtures that load, and no credential, signature, session token or API key', async () => {
    const files = writtenFiles(dir);
    expect([...files.keys()].every((file) => file.endsWith('.json'))).toBe(true);
    expect((await loadFixtureFiles([dir])).length).toBe(files.size);
    expectNoSecrets(dir);
  });

  it('replays exactly: same deltas, stop reason, usage, faults, and timing within tolerance', async () => {
    const replay = await startEmulator({ fixturePaths: [dir] });
    try {
      const again = await converseStream(replay.url, 'tell me a story');
      expect(again.deltas).toEqual(through.story?.deltas);
      expect(again.stopReason).toBe(through.story?.stopReason);
      expect(again.usage).toEqual(through.story?.usage);
      // Time to first token and the gaps, as recorded: the replay keeps the recorded schedule
      // (its own client's overhead on top; the suite's usual tolerances for a loaded machine).
      // Two recordings of this call are in the folder: the first one answers (`_2` loads after it).
      const answeredBy = path.basename(replay.emulator.calls().at(-1)?.fixture?.file ?? '');
      expect(answeredBy).toBe('converse-stream-tell-me-a-story.json');
      const { timing } = readRecorded(dir, answeredBy);
      const first = again.times[0] ?? Number.NaN;
      expect(first).toBeGreaterThanOrEqual(timing.timeToFirstTokenMs - 2);
      expect(first).toBeLessThan(timing.timeToFirstTokenMs + 80);
      const meanGap = ((again.times.at(-1) ?? 0) - first) / (again.times.length - 1);
      expect(Math.abs(meanGap - timing.deltaIntervalMs)).toBeLessThan(10);
      const streamed = await invokeStream(replay.url, 'weather in Paris');
      expect(streamed.texts).toEqual(['Let me ', 'check.']);
      const error = await sdk(replay.url).send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'busy' }] }] })).catch((caught: unknown) => caught as Error);
      expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Too many tokens, please wait.' });
      const broken = await converseStream(replay.url, 'break midway').catch((caught: unknown) => caught as Error);
      expect(broken).toMatchObject({ name: 'ModelStreamErrorException', message: 'The model broke.' });
    } finally {
      await replay.close();
    }
  });
});

describe('recording a Converse conversation with a system message', () => {
  it('writes its text into match.system and the tools offered after its changes into match.tools, and replays it', async () => {
    const dir = temporaryDir();
    const { recorder: proxy, events } = await recorder(dir, { matchBy: ['last-user-message', 'system', 'tools'] });
    const tool = (name: string) => ({ toolSpec: { name, inputSchema: { json: { type: 'object' } } } });
    const input = {
      modelId: haiku,
      system: [{ text: 'Be brief.' }],
      messages: [
        { role: 'user' as const, content: [{ text: 'And boats?' }] },
        { role: 'system' as const, content: [{ text: 'From now on, talk like a pirate.' }, { toolRemoval: { tool: { name: 'search' } } }] },
      ],
      toolConfig: { tools: [tool('get_weather'), tool('search')] },
    };
    const answer = await sdk(proxy.url).send(new ConverseCommand(input));
    expect(answer.output?.message?.content).toEqual([{ text: 'Arr, matey!' }]);
    await eventually(() => expect(events.filter((event) => event.kind === 'recorded')).toHaveLength(1));
    expect(readRecorded(dir, 'converse-and-boats.json').match).toEqual({
      lastUserMessage: { equals: 'And boats?' },
      system: { equals: 'Be brief.\nFrom now on, talk like a pirate.' },
      tools: ['get_weather'],
    });
    const replay = await startEmulator({ fixturePaths: [dir], unmatched: 'error' });
    try {
      const again = await sdk(replay.url).send(new ConverseCommand(input));
      expect(again.output?.message?.content).toEqual([{ text: 'Arr, matey!' }]);
    } finally {
      await replay.close();
    }
  });
});

describe('record modes and refusals', () => {
  it('--mode record-missing serves what a fixture matches and records only the rest', async () => {
    const dir = temporaryDir();
    const first = await recorder(dir);
    await converseStream(first.recorder.url, 'tell me a story');
    await eventually(() => expect(first.events.filter((event) => event.kind === 'recorded')).toHaveLength(1));
    const missing = await recorder(dir, { mode: 'record-missing' });
    expect(missing.recorder.replayableFixtures).toBe(1);
    expect((await converseStream(missing.recorder.url, 'tell me a story')).deltas).toEqual(story);
    expect((await invokeStream(missing.recorder.url, 'weather in Paris')).texts).toEqual(['Let me ', 'check.']);
    expect((await invokeStream(missing.recorder.url, 'weather in Paris')).texts).toEqual(['Let me ', 'check.']);
    // The first story and the second weather call come from fixtures; the first weather call is recorded.
    await eventually(() => expect(missing.events.map((event) => event.kind).sort()).toEqual(['recorded', 'replayed', 'replayed']));
    expect(readdirSync(dir).sort()).toEqual(['converse-stream-tell-me-a-story.json', 'invoke-model-with-response-stream-weather-in-paris.json']);
  });

  it('--exact-timing keeps every gap between deltas; --force overwrites the file of the same name', async () => {
    const dir = temporaryDir();
    const exact = await recorder(dir, { exactTiming: true, force: true });
    await converseStream(exact.recorder.url, 'tell me a story');
    await converseStream(exact.recorder.url, 'tell me a story');
    await eventually(() => expect(exact.events.filter((event) => event.kind === 'recorded')).toHaveLength(2));
    expect(readdirSync(dir)).toEqual(['converse-stream-tell-me-a-story.json']);
    const fixture = readRecorded(dir, 'converse-stream-tell-me-a-story.json');
    expect(fixture.timing.deltaGapsMs).toHaveLength(story.length - 1);
    for (const gap of fixture.timing.deltaGapsMs) expect(gap).toBeGreaterThan(15);
  });

  it('signs upstream calls with a Bedrock API key instead, when given one', async () => {
    const keyed = await startEmulator({
      fixtures: defineFixtures([{ match: { lastUserMessage: 'hello' }, response: { text: ['Hi', ' there'] }, timing: 'instant' }]),
      auth: { modes: ['api-key'], region: 'us-east-1', accountId: '123456789012', credentials: [], apiKeys: [{ key: 'ABSK-recorder-key' }] },
    });
    try {
      const dir = temporaryDir();
      const viaKey = await recorder(dir, { upstream: keyed.url, auth: { kind: 'api-key', token: 'ABSK-recorder-key' } });
      expect((await converseStream(viaKey.recorder.url, 'hello')).deltas).toEqual(['Hi', ' there']);
      await eventually(() => expect(readdirSync(dir)).toEqual(['converse-stream-hello.json']));
      expectNoSecrets(dir);
    } finally {
      await keyed.close();
    }
  });

  it('an upstream it cannot reach: a Bedrock-shaped InternalServerException to the client, and said', async () => {
    const dir = temporaryDir();
    const { recorder: proxy, events } = await recorder(dir, { upstream: 'http://127.0.0.1:9' });
    const error = await sdk(proxy.url).send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'tell me a story' }] }] })).catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ name: 'InternalServerException', message: expect.stringContaining('bedrock-emulator record: http://127.0.0.1:9 could not be reached') as string });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'not-recorded', reason: expect.stringContaining('could not be reached') as string }));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("passes another family's InvokeModel through, and says it is not recorded yet", async () => {
    const dir = temporaryDir();
    const { recorder: proxy, events } = await recorder(dir);
    const response = await sdk(proxy.url).send(new InvokeModelCommand({ modelId: 'us.meta.llama3-3-70b-instruct-v1:0', body: JSON.stringify({ prompt: 'tell me a story' }) }));
    expect((JSON.parse(new TextDecoder().decode(response.body)) as { generation: string }).generation).toBe(story.join(''));
    await eventually(() => expect(events).toEqual([expect.objectContaining({ kind: 'not-recorded', reason: 'InvokeModel bodies of the "meta" family are forwarded but not recorded yet (Converse calls to the same model are)' })]));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a connection Bedrock drops mid-stream: the client sees it break, and nothing is recorded', async () => {
    const dir = temporaryDir();
    const dropped = await recorder(dir);
    await expect(converseStream(dropped.recorder.url, 'drop the line')).rejects.toThrow();
    await eventually(() => expect(dropped.events).toEqual([expect.objectContaining({ kind: 'not-recorded', reason: expect.stringMatching(/^the answer broke off before its end/) })]));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with credentials Bedrock refuses: the client gets the refusal, and nothing is recorded', async () => {
    const dir = temporaryDir();
    const wrong = await recorder(dir, { auth: { kind: 'sigv4', credentials: { ...bedrockKeys, secretAccessKey: 'wrong' } } });
    const error = await sdk(wrong.recorder.url).send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'tell me a story' }] }] })).catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ name: 'InvalidSignatureException' });
    await eventually(() => expect(wrong.events).toEqual([expect.objectContaining({ kind: 'not-recorded', reason: expect.stringContaining('403 InvalidSignatureException') })]));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('recording the compatible APIs (Chat Completions, Responses, Anthropic Messages)', () => {
  it('records them from their server-sent events and whole bodies, and replays them to the same clients', async () => {
    const dir = temporaryDir();
    const { recorder: proxy, events } = await recorder(dir);
    const openai = (url: string) => new OpenAI({ baseURL: `${url}/openai/v1`, apiKey: 'client-key', maxRetries: 0 });
    const anthropic = (url: string) => new Anthropic({ baseURL: `${url}/anthropic`, apiKey: 'client-key', maxRetries: 0 });
    const chatDeltas = async (url: string): Promise<string[]> => {
      const deltas: string[] = [];
      for await (const chunk of await openai(url).chat.completions.create({ model: 'openai.gpt-oss-120b-1:0', messages: [{ role: 'user', content: 'tell me a story' }], stream: true, stream_options: { include_usage: true } })) {
        const text = chunk.choices[0]?.delta.content;
        if (text) deltas.push(text);
      }
      return deltas;
    };
    const responseDeltas = async (url: string): Promise<string[]> => {
      const deltas: string[] = [];
      for await (const event of openai(url).responses.stream({ model: 'openai.gpt-oss-120b', input: 'tell me a story' })) if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      return deltas;
    };
    const messageDeltas = async (url: string): Promise<string[]> => {
      const deltas: string[] = [];
      const stream = anthropic(url).messages.stream({ model: 'anthropic.claude-sonnet-4-6-v1', max_tokens: 200, messages: [{ role: 'user', content: 'tell me a story' }] });
      stream.on('text', (text) => deltas.push(text));
      await stream.finalMessage();
      return deltas;
    };
    expect(await chatDeltas(proxy.url)).toEqual(story);
    expect(await responseDeltas(proxy.url)).toEqual(story);
    expect(await messageDeltas(proxy.url)).toEqual(story);
    const whole = await openai(proxy.url).chat.completions.create({ model: 'openai.gpt-oss-120b-1:0', messages: [{ role: 'user', content: 'weather in Paris' }] });
    expect((whole.choices[0]?.message.tool_calls?.[0] as { function: { name: string } } | undefined)?.function.name).toBe('get_weather');
    await eventually(() => expect(events.filter((event) => event.kind === 'recorded')).toHaveLength(4));
    expect(readdirSync(dir).sort()).toEqual(['anthropic-messages-tell-me-a-story.json', 'chat-completions-tell-me-a-story.json', 'chat-completions-weather-in-paris.json', 'responses-tell-me-a-story.json']);
    expect(readRecorded(dir, 'chat-completions-tell-me-a-story.json').response).toEqual({ text: story, stopReason: 'end_turn', usage: { inputTokens: 11, outputTokens: 7 } });
    expect(readRecorded(dir, 'chat-completions-weather-in-paris.json').response).toMatchObject({ content: [{ text: ['Let me check.'] }, { toolUse: { name: 'get_weather', id: 'tooluse_recorded1', input: { city: 'Paris' } } }], stopReason: 'tool_use' });
    expectNoSecrets(dir);
    const replay = await startEmulator({ fixturePaths: [dir] });
    try {
      expect(await chatDeltas(replay.url)).toEqual(story);
      expect(await responseDeltas(replay.url)).toEqual(story);
      expect(await messageDeltas(replay.url)).toEqual(story);
    } finally {
      await replay.close();
    }
  });
});

describe('the record command', () => {
  it('records with the credentials of its shell (the standard chain), then start replays the folder', async () => {
    const dir = temporaryDir();
    const { AWS_BEARER_TOKEN_BEDROCK: _token, AWS_PROFILE: _profile, ...shell } = process.env;
    const record = runCli(['record', '--upstream', upstream.url, '--region', 'us-east-1', '--fixtures', dir, '--port', '0'], {
      env: { ...shell, AWS_ACCESS_KEY_ID: bedrockKeys.accessKeyId, AWS_SECRET_ACCESS_KEY: bedrockKeys.secretAccessKey, AWS_SESSION_TOKEN: '' },
    });
    const url = await record.listening();
    expect(record.output().stdout).toContain(`recording to ${dir} from ${upstream.url} (SigV4, the standard AWS credential chain, region us-east-1)`);
    expect((await converseStream(url, 'tell me a story')).deltas).toEqual(story);
    await eventually(() => expect(record.output().stdout).toContain(`recorded ${path.join(dir, 'converse-stream-tell-me-a-story.json')} (ConverseStream, first token after`));
    expectNoSecrets(dir);
    const replay = runCli(['start', '--fixtures', dir, '--port', '0']);
    expect((await converseStream(await replay.listening(), 'tell me a story')).deltas).toEqual(story);
  });

  it('needs a region to sign for, and says where one comes from', async () => {
    const { AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...shell } = process.env;
    const record = runCli(['record', '--port', '0', '--upstream', 'http://127.0.0.1:9'], { env: shell });
    expect(await record.exited).toBe(1);
    expect(record.output().stderr).toContain('record needs a region to sign for: give --region (or set AWS_REGION)');
  });

  it('says which credentials it needs when it has none', async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, AWS_BEARER_TOKEN_BEDROCK: _token, ...shell } = process.env;
    const record = runCli(['record', '--region', 'us-east-1', '--port', '0', '--upstream-auth', 'api-key'], { env: shell });
    expect(await record.exited).toBe(1);
    expect(record.output().stderr).toContain('--upstream-auth api-key sends the key in AWS_BEARER_TOKEN_BEDROCK, which is not set.');
  });
});
