import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../fixture-format/parse-fixtures.ts';
import { requestWith } from '../fixture-format/test-support.ts';
import { planResponse } from '../planning/plan-response.ts';
import { joinConverseResponse, renderConverseStream } from './render-converse.ts';

const [fixture] = defineFixtures([
  {
    response: { content: [{ reasoning: { text: 'Think.', signature: 'sig' } }, { text: 'Hello there.' }, { toolUse: { name: 'lookup', id: 'tooluse_1', input: { q: 'x' } } }], stopReason: 'tool_use' },
    timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 4, seed: 2 },
  },
]);
const plan = planResponse({ request: requestWith(), fixture, defaultText: '', defaultChunking: { by: 'tokens', min: 1, max: 2 }, timeScale: 1, includeReasoning: true });

describe('renderConverseStream', () => {
  it('sends messageStart, a start only for tool use, deltas, stops, then messageStop and metadata', () => {
    const types = renderConverseStream(plan).map((timed) => timed.event.type);
    expect(types[0]).toBe('messageStart');
    expect(types.filter((type) => type === 'contentBlockStart')).toHaveLength(1);
    expect(types.filter((type) => type === 'contentBlockStop')).toHaveLength(3);
    expect(types.slice(-2)).toEqual(['messageStop', 'metadata']);
  });

  it('leaves out a block with nothing in it', () => {
    const [empty] = defineFixtures([{ response: { content: [{ reasoning: { text: '' } }, { text: 'Only this.' }] } }]);
    const planned = planResponse({ request: requestWith(), fixture: empty, defaultText: '', defaultChunking: { by: 'tokens', min: 1, max: 2 }, timeScale: 1, includeReasoning: true });
    expect(joinConverseResponse(renderConverseStream(planned).map((timed) => timed.event)).output.message.content).toEqual([{ text: 'Only this.' }]);
  });
});

describe('joinConverseResponse', () => {
  it('joins a whole ConverseStream into the Converse body', () => {
    const events = renderConverseStream(plan);
    expect(joinConverseResponse(events.map((timed) => timed.event))).toEqual({
      output: {
        message: {
          role: 'assistant',
          content: [{ reasoningContent: { reasoningText: { text: 'Think.', signature: 'sig' } } }, { text: 'Hello there.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'lookup', input: { q: 'x' } } }],
        },
      },
      stopReason: 'tool_use',
      usage: { inputTokens: plan.usage.inputTokens, outputTokens: plan.usage.outputTokens, totalTokens: plan.usage.inputTokens + plan.usage.outputTokens },
      metrics: { latencyMs: Math.round(plan.endAtMs) },
    });
  });
});
