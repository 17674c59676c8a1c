import { defineFixtures } from '../src/fixture-format/parse-fixtures.ts';
import { planResponse } from '../src/planning/plan-response.ts';
import { anthropicFamily } from '../src/models/anthropic/anthropic-family.ts';
import { parseAnthropicRequest } from '../src/models/anthropic/parse-request.ts';
import { parseModelId } from '../src/models/model-id.ts';
import { encodeChunkFrame } from '../src/eventstream/encode-frames.ts';
import { padding } from '../src/eventstream/padding.ts';
import type { TimedFrame } from '../src/playback/play-schedule.ts';

/** The two workloads of the benchmark, shared by the client and both servers. */
export const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const longText = Array.from({ length: 2000 }, (_, i) => `token${i % 10}`).join(' ');

export const benchFixtures = defineFixtures(
  [
    { name: 'throughput', match: { lastUserMessage: 'throughput' }, response: { text: longText }, timing: { profile: 'instant', chunking: { by: 'tokens', min: 1, max: 1 } } },
    {
      name: 'timed',
      match: { lastUserMessage: 'timed' },
      response: { text: longText.split(' ').slice(0, 60).join(' ') },
      timing: { timeToFirstTokenMs: 100, deltaIntervalMs: 20, jitterMs: 0, chunking: { by: 'words', min: 1, max: 1 } },
    },
  ],
  'bench',
);

export function requestBody(kind: 'throughput' | 'timed'): string {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100_000, messages: [{ role: 'user', content: kind }] });
}

/** The frames and schedule the emulator will send for a workload, from the same pure core. */
export function plannedFrames(kind: 'throughput' | 'timed'): TimedFrame[] {
  const model = parseModelId(modelId);
  if (model === undefined) throw new Error('bad model id');
  const request = parseAnthropicRequest(JSON.parse(requestBody(kind)), 'InvokeModelWithResponseStream', model);
  const fixture = benchFixtures.find((candidate) => candidate.name === kind);
  const plan = planResponse({ request, fixture, defaultText: '', defaultChunking: anthropicFamily.defaultChunking, timeScale: 1, includeReasoning: false });
  const events = anthropicFamily.invoke?.render(plan, model).events ?? [];
  // The bare server's frames: the same events, a fixed padding (its cost is not what is measured).
  return events.map(({ atMs, event }) => ({ atMs, render: () => encodeChunkFrame(event, padding(16)) }));
}
