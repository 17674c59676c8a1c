import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../../core/fixtures/parse-fixtures.ts';
import { requestWith } from '../../core/fixtures/test-support.ts';
import { planResponse } from '../../core/planning/plan-response.ts';
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

describe('stream variants', () => {
  const [variants] = defineFixtures([
    {
      response: {
        content: [
          { redactedReasoning: 'AAEC' },
          { text: 'Blue.', citations: [{ document: 'Facts', quote: 'sky is blue' }] },
          { toolUse: { name: 'draw', input: {} } },
          { toolResult: { status: 'success', content: [{ text: 'ok' }, { json: { n: 1 } }] } },
          { image: { format: 'png', data: 'iVBORw==' } },
        ],
      },
    },
  ]);
  const request = { ...requestWith(), documents: [{ index: 0, title: 'Facts', citations: true, source: { kind: 'text', text: 'The sky is blue.' } } as const] };
  const planned = planResponse({ request, fixture: variants, defaultText: '', defaultChunking: { by: 'characters', min: 50, max: 50 }, timeScale: 1, includeReasoning: true });
  const events = renderConverseStream(planned).map((timed) => timed.event);
  const citation = { title: 'Facts', sourceContent: [{ text: 'sky is blue' }], location: { documentChar: { documentIndex: 0, start: 4, end: 15 } } };

  it('streams each as the service model says: redactedContent, a citation before its text, toolResult and image starts', () => {
    const toolUseId = events.flatMap((event) => (event.type === 'contentBlockStart' && 'toolUse' in event.payload.start ? [event.payload.start.toolUse.toolUseId] : []))[0];
    expect(events.filter((event) => event.type === 'contentBlockStart' || event.type === 'contentBlockDelta').map((event) => event.payload)).toEqual([
      { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'AAEC' } } },
      { contentBlockIndex: 1, delta: { citation } },
      { contentBlockIndex: 1, delta: { text: 'Blue.' } },
      { contentBlockIndex: 2, start: { toolUse: { toolUseId, name: 'draw' } } },
      { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } },
      { contentBlockIndex: 3, start: { toolResult: { toolUseId, status: 'success' } } },
      { contentBlockIndex: 3, delta: { toolResult: [{ text: 'ok' }] } },
      { contentBlockIndex: 3, delta: { toolResult: [{ json: { n: 1 } }] } },
      { contentBlockIndex: 4, start: { image: { format: 'png' } } },
      { contentBlockIndex: 4, delta: { image: { source: { bytes: 'iVBORw==' } } } },
    ]);
  });

  it('joins them into the Converse body: reasoningContent.redactedContent, citationsContent, toolResult, image', () => {
    const content = joinConverseResponse(events).output.message.content;
    expect(content[0]).toEqual({ reasoningContent: { redactedContent: 'AAEC' } });
    expect(content[1]).toEqual({ citationsContent: { content: [{ text: 'Blue.' }], citations: [citation] } });
    expect(content[3]).toMatchObject({ toolResult: { status: 'success', content: [{ text: 'ok' }, { json: { n: 1 } }] } });
    expect(content[4]).toEqual({ image: { format: 'png', source: { bytes: 'iVBORw==' } } });
  });
});
