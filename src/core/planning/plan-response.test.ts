import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../fixtures/parse-fixtures.ts';
import type { NormalizedRequest } from '../fixtures/request.ts';
import { blocksWithContent, createPlanCache, planResponse, type PlanOptions, type ResponsePlan } from './plan-response.ts';
import { requestWith } from '../fixtures/test-support.ts';

const defaultChunking = { by: 'tokens', min: 1, max: 4 } as const;
const [fixture] = defineFixtures([
  {
    name: 'story',
    response: { text: 'Once upon a time, a fox found a lantern. It glowed. THE END and more words after.' },
    timing: { timeToFirstTokenMs: 100, deltaIntervalMs: 20, jitterMs: 8, seed: 42 },
  },
]);

function plan(overrides: Partial<Parameters<typeof planResponse>[0]> = {}): ResponsePlan {
  return planResponse({ request: requestWith(), fixture, defaultText: 'Default.', defaultChunking, timeScale: 1, includeReasoning: true, ...overrides });
}

const textOf = (result: ResponsePlan): string => result.blocks.flatMap((block) => block.deltas.map((delta) => delta.text)).join('');
const timesOf = (result: ResponsePlan): number[] => result.blocks.flatMap((block) => block.deltas.map((delta) => delta.atMs));

describe('planResponse', () => {
  it('is deterministic: the same seed gives the same deltas and delays', () => {
    expect(plan()).toEqual(plan());
  });

  it('starts at the time to first token and spaces deltas by the interval ± jitter', () => {
    const times = timesOf(plan());
    expect(times[0]).toBe(100);
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(12);
      expect(gap).toBeLessThanOrEqual(28);
    }
    expect(new Set(gaps.map((gap) => gap.toFixed(3))).size).toBeGreaterThan(1);
  });

  it('spaces deltas by recorded gaps when the timing has them, the last gap repeating, scaled like any delay', () => {
    const [recorded] = defineFixtures([{ name: 'recorded', response: { text: ['a', 'b', 'c', 'd', 'e'] }, timing: { timeToFirstTokenMs: 40, deltaGapsMs: [5, 30, 12] } }]);
    expect(timesOf(plan({ fixture: recorded }))).toEqual([40, 45, 75, 87, 99]);
    expect(timesOf(plan({ fixture: recorded, timeScale: 0.5 }))).toEqual([20, 22.5, 37.5, 43.5, 49.5]);
  });

  it('changes deltas and delays with another seed', () => {
    const [other] = defineFixtures([{ ...fixture?.definition, timing: { timeToFirstTokenMs: 100, deltaIntervalMs: 20, jitterMs: 8, seed: 43 } }]);
    expect(timesOf(plan({ fixture: other }))).not.toEqual(timesOf(plan()));
  });

  it('scales every delay by timeScale, and sends everything at once with 0', () => {
    expect(timesOf(plan({ timeScale: 0.5 }))).toEqual(timesOf(plan()).map((time) => time * 0.5));
    expect(plan({ timeScale: 0 }).endAtMs).toBe(0);
  });

  it('counts output tokens from the text it sends and input tokens from the request', () => {
    const result = plan({ request: requestWith({ lastUser: 'Tell me a story', system: 'Be brief.' }) });
    expect(result.usage).toEqual({ inputTokens: 7, outputTokens: 21 });
    expect(result.stopReason).toBe('end_turn');
  });

  it('stops at a requested stop sequence, without sending it', () => {
    const result = plan({ request: requestWith({ stopSequences: ['XYZ', 'THE END'] }) });
    expect(textOf(result)).toBe('Once upon a time, a fox found a lantern. It glowed. ');
    expect(result.stopReason).toBe('stop_sequence');
    expect(result.stopSequence).toBe('THE END');
    expect(result.usage.outputTokens).toBe(15);
  });

  it('cuts at max_tokens and says so', () => {
    const result = plan({ request: requestWith({ maxTokens: 5 }) });
    expect(textOf(result)).toBe('Once upon a time,');
    expect(result.stopReason).toBe('max_tokens');
    expect(result.usage.outputTokens).toBe(5);
  });

  it('answers with the default text when no fixture matched', () => {
    const result = plan({ fixture: undefined, defaultText: 'Nothing matched.' });
    expect(textOf(result)).toBe('Nothing matched.');
    expect(result.fixtureName).toBeUndefined();
  });

  it('sends explicit deltas exactly as written', () => {
    const [explicit] = defineFixtures([{ response: { text: ['Hel', 'lo', '!'] }, timing: 'instant' }]);
    expect(plan({ fixture: explicit }).blocks[0]?.deltas.map((delta) => delta.text)).toEqual(['Hel', 'lo', '!']);
  });
});

describe('planResponse with content blocks', () => {
  const [agent] = defineFixtures([
    {
      response: {
        content: [
          { reasoning: { text: 'Need the weather tool.', signature: 'sig' } },
          { text: 'Checking now.' },
          { toolUse: { name: 'get_weather', input: { city: 'Paris', days: [1, 2, 3] } } },
          { text: 'Done.' },
        ],
      },
      timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 5, seed: 3 },
    },
  ]);
  const thinkingRequest = { ...requestWith(), thinking: true };
  const planAgent = (request = thinkingRequest, includeReasoning = true) => plan({ fixture: agent, request, includeReasoning });

  it('keeps the blocks in order, times every delta in one sequence, and stops with tool_use', () => {
    const result = planAgent();
    expect(result.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text', 'tool_use', 'text']);
    const times = result.blocks.flatMap((block) => [...block.deltas.map((delta) => delta.atMs), ...(block.kind === 'reasoning' && block.signature ? [block.signature.atMs] : [])]);
    expect(times[0]).toBe(10);
    expect(times.every((time, index) => index === 0 || time === (times[index - 1] ?? 0) + 5)).toBe(true);
    expect(result.stopReason).toBe('tool_use');
  });

  it('streams the tool input as partial JSON that joins to the input', () => {
    const tool = planAgent().blocks[2];
    expect(tool?.kind).toBe('tool_use');
    expect(tool?.deltas.length).toBeGreaterThan(1);
    expect(JSON.parse(tool?.deltas.map((delta) => delta.text).join('') ?? '')).toEqual({ city: 'Paris', days: [1, 2, 3] });
  });

  it('leaves reasoning out when the model family does not send it, and counts no tokens for it', () => {
    const withReasoning = planAgent(thinkingRequest, true);
    const without = planAgent(thinkingRequest, false);
    expect(without.blocks.map((block) => block.kind)).toEqual(['text', 'tool_use', 'text']);
    expect(without.usage.outputTokens).toBeLessThan(withReasoning.usage.outputTokens);
  });

  it('lets a run-wide fault replace the fixture\'s faults, keeping its slow first byte', () => {
    const [faulty] = defineFixtures([{ response: { text: 'a b c', responseDelayMs: 40, drop: { afterChunks: 1 } }, timing: 'instant' }]);
    const result = plan({ fixture: faulty, runFault: { kind: 'stream', type: 'throttlingException', afterChunks: 2 } });
    expect(result.faults).toEqual({ responseDelayMs: 40, streamError: { type: 'throttlingException', afterChunks: 2 }, stall: undefined, drop: undefined });
  });

  it('drops a tool call that max_tokens cuts into, and says max_tokens', () => {
    const result = planAgent({ ...thinkingRequest, maxTokens: 9 });
    expect(result.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text']);
    expect(result.stopReason).toBe('max_tokens');
    expect(result.usage.outputTokens).toBe(8); // what was sent: 5 + 3 tokens, not the budget
  });

  it('withholds the signature of reasoning that max_tokens cuts short', () => {
    const [reasoning] = planAgent({ ...thinkingRequest, maxTokens: 2 }).blocks;
    expect(reasoning).toMatchObject({ kind: 'reasoning', signature: undefined });
    expect(reasoning?.deltas.map((delta) => delta.text).join('')).toBe('Need the');
  });

  it('ends the whole answer at a stop sequence in a text block', () => {
    const result = planAgent({ ...thinkingRequest, stopSequences: ['now'] });
    expect(result.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text']);
    expect(result.blocks[1]?.deltas.map((delta) => delta.text).join('')).toBe('Checking ');
    expect(result.stopReason).toBe('stop_sequence');
  });
});

describe('planResponse, asked again', () => {
  const [fixture] = defineFixtures([{ response: { text: 'Same answer every time, cut the same way.' }, timing: { seed: 4 } }]);
  const cache = createPlanCache();
  const ask = (overrides: Partial<Parameters<typeof planResponse>[0]> = {}, from = cache) =>
    planResponse({ request: requestWith({ lastUser: 'hi' }), fixture, defaultText: '', defaultChunking, timeScale: 1, includeReasoning: true, ...overrides }, from);

  it('gives the same plan object for the same fixture asked the same way (what is derived from a plan can be kept with it)', () => {
    expect(ask()).toBe(ask());
  });

  it("keeps plans in the cache it is given: another cache (another emulator's) plans its own, equal but never the same", () => {
    const elsewhere = createPlanCache();
    expect(ask({}, elsewhere)).not.toBe(ask());
    expect(ask({}, elsewhere)).toEqual(ask());
    expect(ask({}, elsewhere)).toBe(ask({}, elsewhere));
  });

  it('without a cache, plans afresh every time', () => {
    const once = planResponse({ request: requestWith({ lastUser: 'hi' }), fixture, defaultText: '', defaultChunking, timeScale: 1, includeReasoning: true });
    expect(planResponse({ request: requestWith({ lastUser: 'hi' }), fixture, defaultText: '', defaultChunking, timeScale: 1, includeReasoning: true })).not.toBe(once);
  });

  it.each<[string, Partial<Parameters<typeof planResponse>[0]>]>([
    ['another max_tokens', { request: requestWith({ lastUser: 'hi', maxTokens: 3 }) }],
    ['other stop sequences', { request: requestWith({ lastUser: 'hi', stopSequences: ['every'] }) }],
    ['a longer request (other input tokens)', { request: requestWith({ lastUser: 'hi there, a much longer question than before' }) }],
    ['another time scale', { timeScale: 0.5 }],
    ['reasoning left out', { includeReasoning: false }],
    ['a drawn fault', { runFault: { kind: 'drop', afterChunks: 2 } }],
    ['another default chunking', { defaultChunking: { by: 'words', min: 1, max: 1 } }],
  ])('plans afresh for %s', (_name, overrides) => {
    const other = ask(overrides);
    expect(other).not.toBe(ask());
    expect(other).toEqual(planResponse({ request: requestWith({ lastUser: 'hi' }), fixture, defaultText: '', defaultChunking, timeScale: 1, includeReasoning: true, ...overrides }));
  });
});

describe('planResponse with stream variants', () => {
  const [variants] = defineFixtures([
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
  const planVariants = (overrides: Partial<PlanOptions> = {}) =>
    planResponse({ request: withDocument('The sky is blue.'), fixture: variants, defaultText: '', defaultChunking: { by: 'characters', min: 100, max: 100 }, timeScale: 1, includeReasoning: true, ...overrides });

  it('plans each block with its deltas on the one timeline, the citation resolved against the request', () => {
    const planned = planVariants();
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
    expect(planVariants({ fixture: unanswered }).stopReason).toBe('tool_use');
  });

  it('plans again when the documents differ (the quote moves), and leaves redacted reasoning out when reasoning is not sent', () => {
    const moved = planVariants({ request: withDocument('Look: the sky is blue.') });
    expect(moved.blocks[1]).toMatchObject({ citations: [{ location: { start: 10, end: 21 } }] });
    expect(planVariants({ includeReasoning: false }).blocks.map((block) => block.kind)).toEqual(['text', 'tool_use', 'tool_result', 'image']);
  });

  it('keeps the text of a citation it cannot resolve, without citations', () => {
    expect(planVariants({ request: requestWith() }).blocks[1]).toEqual({ kind: 'text', deltas: [{ text: 'Blue.', atMs: 15 }] });
  });

  it('gives the families that know only text, reasoning and tool calls just those (blocksWithContent)', () => {
    expect(blocksWithContent(planVariants()).map((block) => block.kind)).toEqual(['text', 'tool_use']);
  });
});
