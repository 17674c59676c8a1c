import { BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand, type ContentBlock, type ContentBlockDelta } from '@aws-sdk/client-bedrock-runtime';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtureFiles } from '../../src/adapters/node/load-fixture-files.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { startRecorder } from '../../src/recorder/start-recorder.ts';
import { credentials, eventually, region, useEmulator } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

// Bedrock, played by an emulator answering with the stream variants; the recorder between it and the client.
const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const policy = 'Refunds are accepted within 30 days. Refunds take 5 business days to arrive.';
const upstream = await useEmulator([
  {
    name: 'variants',
    match: { lastUserMessage: 'refund' },
    response: {
      content: [
        { redactedReasoning: 'RW5jcnlwdGVk' },
        { text: ['Refunds take ', '5 days.'], citations: [{ document: 0, quote: 'Refunds take 5 business days to arrive.' }] },
      ],
    },
    timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 2 },
  },
]);
const dir = temporaryDir();
const recorder = await startRecorder({
  upstream: upstream.url,
  region,
  auth: { kind: 'sigv4', credentials },
  fixturesDir: dir,
  matchBy: ['operation', 'last-user-message'],
  exactTiming: true,
  force: false,
  mode: 'record-all',
  port: 0,
});
afterAll(() => recorder.close());
const clients: BedrockRuntimeClient[] = [];
afterAll(() => clients.forEach((client) => client.destroy()));
const sdk = (url: string): BedrockRuntimeClient => {
  const client = new BedrockRuntimeClient({ endpoint: url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};

const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };
const document: ContentBlock = { document: { format: 'txt', name: 'policy', source: { bytes: new TextEncoder().encode(policy) }, citations: { enabled: true } } };
const request = { modelId: sonnet, messages: [{ role: 'user' as const, content: [document, { text: 'How long does a refund take?' }] }], additionalModelRequestFields: thinking };
const readFixtures = (): Record<string, unknown>[] => readdirSync(dir).map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>);

describe('recording the stream variants', () => {
  it('keeps redacted reasoning and citations from ConverseStream, and the fixture replays them', async () => {
    const response = await sdk(recorder.url).send(new ConverseStreamCommand(request));
    for await (const _event of response.stream ?? []);
    await eventually(() => expect(readFixtures()).toHaveLength(1));
    const [recorded] = readFixtures();
    expect((recorded?.['response'] as Record<string, unknown>)['content']).toEqual([
      { redactedReasoning: 'RW5jcnlwdGVk' },
      { text: ['Refunds take ', '5 days.'], citations: [{ document: 0, quote: 'Refunds take 5 business days to arrive.', location: { char: { start: 37, end: 76 } } }] },
    ]);

    const replay = await startEmulator({ fixtures: await loadFixtureFiles([dir]) });
    try {
      const replayed = await sdk(replay.url).send(new ConverseStreamCommand(request));
      const deltas: ContentBlockDelta[] = [];
      for await (const event of replayed.stream ?? []) if (event.contentBlockDelta?.delta !== undefined) deltas.push(event.contentBlockDelta.delta);
      expect(new TextDecoder().decode(deltas[0]?.reasoningContent?.redactedContent)).toBe('Encrypted');
      expect(deltas[1]?.citation?.location).toEqual({ documentChar: { documentIndex: 0, start: 37, end: 76 } });
      expect(deltas.slice(2).map((delta) => delta.text)).toEqual(['Refunds take ', '5 days.']);
    } finally {
      await replay.close();
    }
  });

  it("keeps them from Claude's chunks too (InvokeModelWithResponseStream)", async () => {
    const body = JSON.stringify({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 500,
      ...thinking,
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: policy }, citations: { enabled: true } }, { type: 'text', text: 'A refund, how long?' }] }],
    });
    const response = await sdk(recorder.url).send(new InvokeModelWithResponseStreamCommand({ modelId: sonnet, body }));
    for await (const _event of response.body ?? []);
    await eventually(() => expect(readFixtures()).toHaveLength(2));
    const invoke = readFixtures().find((fixture) => JSON.stringify(fixture['match']).includes('InvokeModelWithResponseStream'));
    expect((invoke?.['response'] as Record<string, unknown>)['content']).toEqual([
      { redactedReasoning: 'RW5jcnlwdGVk' },
      { text: ['Refunds take ', '5 days.'], citations: [{ document: 0, quote: 'Refunds take 5 business days to arrive.', location: { char: { start: 37, end: 76 } } }] },
    ]);
  });
});
