import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../fixtures/parse-fixtures.ts';
import type { NormalizedRequest } from '../fixtures/request.ts';
import { requestWith } from '../fixtures/test-support.ts';
import { blocksWithContent, planResponse, type PlanOptions } from './plan-response.ts';

const defaultChunking = { by: 'characters', min: 100, max: 100 } as const;
const [fixture] = defineFixtures([
  {
    name: 'variants',
    response: {
      content: [
        { redactedReasoning: 'AAEC' },
        { text: 'Blue.', citations: [{ document: 0, quote: 'sky is blue' }] },
        { toolUse: { name: 'draw', id: 'tooluse_1', input: {} } },
        { toolResult: { content: [{ text: 'ok' }, { json: { n: 1 } }] } },
        { image: { format: 'png', data: 'iVBORw==' } },
      ],
    },
    timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 5 },
  },
]);
const withDocument = (text: string): NormalizedRequest => ({ ...requestWith(), documents: [{ index: 0, title: 'Facts', citations: true, source: { kind: 'text', text } }] });
const plan = (overrides: Partial<PlanOptions> = {}) => planResponse({ request: withDocument('The sky is blue.'), fixture, defaultText: '', defaultChunking, timeScale: 1, includeReasoning: true, ...overrides });

describe('planResponse with stream variants', () => {
  it('plans each block with its deltas on the one timeline, the citation resolved against the request', () => {
    const planned = plan();
    expect(planned.blocks).toEqual([
      { kind: 'redacted_reasoning', deltas: [{ text: 'AAEC', atMs: 10 }] },
      { kind: 'text', deltas: [{ text: 'Blue.', atMs: 15 }], citations: [{ documentIndex: 0, title: 'Facts', quote: 'sky is blue', location: { kind: 'char', start: 4, end: 15 } }] },
      { kind: 'tool_use', id: 'tooluse_1', name: 'draw', input: {}, deltas: [{ text: '{}', atMs: 20 }] },
      { kind: 'tool_result', toolUseId: undefined, type: undefined, status: undefined, parts: [{ text: 'ok' }, { json: { n: 1 } }], deltas: [{ text: 'ok', atMs: 25 }, { text: '{"n":1}', atMs: 30 }] },
      { kind: 'image', format: 'png', deltas: [{ text: 'iVBORw==', atMs: 35 }] },
    ]);
    // The answer's own tool result answers its call: the turn ends as usual.
    expect(planned.stopReason).toBe('end_turn');
  });

  it('still stops for tool use when a call is left for the client', () => {
    const [unanswered] = defineFixtures([
      { response: { content: [{ toolUse: { name: 'search', id: 'tooluse_s', input: {} } }, { toolResult: { toolUseId: 'tooluse_s', content: [{ text: 'found' }] } }, { toolUse: { name: 'draw', input: {} } }] } },
    ]);
    expect(plan({ fixture: unanswered }).stopReason).toBe('tool_use');
  });

  it('plans again when the documents differ (the quote moves), and leaves redacted reasoning out when reasoning is not sent', () => {
    const moved = plan({ request: withDocument('Look: the sky is blue.') });
    expect(moved.blocks[1]).toMatchObject({ citations: [{ location: { start: 10, end: 21 } }] });
    expect(plan({ includeReasoning: false }).blocks.map((block) => block.kind)).toEqual(['text', 'tool_use', 'tool_result', 'image']);
  });

  it('keeps the text of a citation it cannot resolve, without citations', () => {
    expect(plan({ request: requestWith() }).blocks[1]).toEqual({ kind: 'text', deltas: [{ text: 'Blue.', atMs: 15 }] });
  });

  it('gives the families that know only text, reasoning and tool calls just those (blocksWithContent)', () => {
    expect(blocksWithContent(plan()).map((block) => block.kind)).toEqual(['text', 'tool_use']);
  });
});
