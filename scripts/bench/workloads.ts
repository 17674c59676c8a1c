/**
 * The benchmark's two workloads, written the same way for every server: the
 * same text, cut into the same deltas, on the same schedule.
 *
 * - timed: 9 deltas of 6 characters, the first due 300 ms after the request,
 *   then one every 20 ms (what `observer` checks);
 * - throughput: 2,000 deltas of 6 characters, no delay at all;
 * - idle: a stream whose first token is ten minutes away (memory per open stream);
 * - hello: one instant answer (start time, warm-up).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeChunkFrame } from '../../src/core/event-stream/encode-frames.ts';
import { padding } from '../../src/core/event-stream/padding.ts';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { anthropicFamily } from '../../src/apis/invoke-model/claude/anthropic-family.ts';
import { parseAnthropicRequest } from '../../src/apis/invoke-model/claude/parse-request.ts';
import { parseModelId } from '../../src/apis/model-ids/model-id.ts';
import { planResponse } from '../../src/core/planning/plan-response.ts';

export type Workload = 'timed' | 'throughput' | 'idle' | 'hello';

export const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
export const streamPath = `/model/${modelId}/invoke-with-response-stream`;
export const invokePath = `/model/${modelId}/invoke`;
export const timed = { timeToFirstTokenMs: 300, deltaIntervalMs: 20, deltas: ['Once u', 'pon a ', 'time, ', 'a smal', 'l stre', 'am of ', 'tokens', ' set o', 'ut.   '] };
const throughputDeltas = Array.from({ length: 2000 }, (_, i) => `t${String(i).padStart(4, '0')} `);

/** The emulator's fixtures, as a fixture file would hold them. */
export const emulatorFixtures = [
  { name: 'timed', match: { lastUserMessage: 'timed' }, response: { text: timed.deltas }, timing: { timeToFirstTokenMs: timed.timeToFirstTokenMs, deltaIntervalMs: timed.deltaIntervalMs, jitterMs: 0 } },
  { name: 'throughput', match: { lastUserMessage: 'throughput' }, response: { text: throughputDeltas }, timing: 'instant' },
  // A stream that stays idle (its first token ten minutes away): what an open stream costs in memory.
  { name: 'idle', match: { lastUserMessage: 'idle' }, response: { text: 'later' }, timing: { timeToFirstTokenMs: 600_000 } },
  // An instant answer: how soon a freshly started server serves.
  { name: 'hello', match: { lastUserMessage: 'hello' }, response: { text: 'Hello!' }, timing: 'instant' },
];

/**
 * aimock's equivalent: the same text, cut by `chunkSize` into the same deltas.
 * aimock waits `ttft` before its first event and 1000/`tps` ms before each
 * next one (message_start, content_block_start, then the deltas), so its
 * first delta is due at ttft + 2 × 20 ms: 260 + 40 = 300 ms.
 */
export const aimockFixtures = {
  fixtures: [
    { match: { userMessage: 'timed' }, response: { content: timed.deltas.join('') }, chunkSize: 6, streamingProfile: { ttft: timed.timeToFirstTokenMs - 2 * timed.deltaIntervalMs, tps: 1000 / timed.deltaIntervalMs } },
    { match: { userMessage: 'throughput' }, response: { content: throughputDeltas.join('') }, chunkSize: 6 },
    { match: { userMessage: 'idle' }, response: { content: 'later' }, streamingProfile: { ttft: 600_000 } },
    { match: { userMessage: 'hello' }, response: { content: 'Hello!' } },
  ],
};

export function requestBody(workload: Workload): string {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100_000, messages: [{ role: 'user', content: workload }] });
}

/** Writes the fixture files and request bodies the servers and the C clients read. */
export function writeWorkloadFiles(dir: string): { emulatorFixtures: string; aimockFixtures: string; body: (workload: Workload) => string; timedFrames: string } {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  mkdirSync(path.join(dir, 'fixtures'), { recursive: true });
  file('fixtures/bench.json', JSON.stringify(emulatorFixtures));
  file('aimock.json', JSON.stringify(aimockFixtures));
  for (const workload of ['timed', 'throughput', 'idle', 'hello'] as const) file(`${workload}.body.json`, requestBody(workload));
  // The floor server's frames: each as its due ms and length (u32, big-endian), then its bytes.
  const timedFrames = plannedFrames('timed').flatMap(({ atMs, bytes }) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(atMs, 0);
    head.writeUInt32BE(bytes.byteLength, 4);
    return [head, bytes];
  });
  writeFileSync(path.join(dir, 'timed.frames'), Buffer.concat(timedFrames));
  return { emulatorFixtures: path.join(dir, 'fixtures'), aimockFixtures: path.join(dir, 'aimock.json'), body: (workload) => path.join(dir, `${workload}.body.json`), timedFrames: path.join(dir, 'timed.frames') };
}

/** The frames the emulator sends for a workload, from its own pure core: what the bare server writes. */
export function plannedFrames(workload: Workload): { atMs: number; bytes: Uint8Array }[] {
  const model = parseModelId(modelId);
  if (model === undefined) throw new Error('bad model id');
  const request = parseAnthropicRequest(JSON.parse(requestBody(workload)), 'InvokeModelWithResponseStream', model);
  const fixture = defineFixtures(emulatorFixtures, 'bench').find((candidate) => candidate.name === workload);
  const plan = planResponse({ request, fixture, defaultText: '', defaultChunking: anthropicFamily.defaultChunking, timeScale: 1, includeReasoning: false });
  const events = anthropicFamily.invoke?.render(plan, model, Date.now()).events ?? [];
  return events.map(({ atMs, event }) => ({ atMs, bytes: encodeChunkFrame(event, padding(16)) }));
}
