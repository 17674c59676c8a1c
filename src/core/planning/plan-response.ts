import { estimateInputTokens, flatCounting } from './estimate-tokens.ts';
import { createFixtureMemo, type FixtureMemo } from './fixture-memo.ts';
import type { DrawnStreamFault } from './run-faults.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import type { Chunking, DropFault, FixtureCitation, FixtureContentBlock, FixtureResponse, FixtureTiming, StallFault, StopReason, StreamErrorFault } from '../fixtures/fixture-schema.ts';
import { createRandom, deriveSeed, type Random } from './random.ts';
import type { ParsedRequest } from '../fixtures/request.ts';
import { splitDeltas } from './split-deltas.ts';
import { defaultSeed, defaultTimingProfile, timingProfiles, type TimingFigures } from '../fixtures/timing-profiles.ts';
import { tokenize } from './tokenize.ts';
import type { CacheUsage } from './prompt-cache.ts';
import { hashText } from './hash-text.ts';
import { resolveCitation, type PlannedCitation } from './resolve-citations.ts';
import type { RequestDocument } from '../fixtures/request.ts';

/**
 * What a response will say and when, and what goes wrong with it: the output
 * of planning, the input of every renderer (Claude chunks, Converse events).
 * Pure data; the same fixture, request, seed and drawn fault always give the
 * same plan. `buildTimeline` lays its faults over the rendered events.
 */
export type ResponsePlan = {
  /** The fixture that answered, or undefined for the default response. */
  readonly fixtureName: string | undefined;
  readonly blocks: readonly PlannedBlock[];
  readonly stopReason: StopReason;
  /** The stop sequence that ended the output, when `stopReason` is `stop_sequence`. */
  readonly stopSequence: string | null;
  readonly usage: PlannedUsage;
  /** When the first model event leaves, in ms after the request arrived. */
  readonly firstTokenAtMs: number;
  /** When the last model event leaves. */
  readonly endAtMs: number;
  /** Seed for everything decided after planning (e.g. frame padding). */
  readonly seed: number;
  /** What goes wrong: the fixture's faults, or the run-wide fault drawn for the call; every time already scaled. */
  readonly faults: PlannedFaults;
};

/**
 * The tokens a response reports. `inputTokens` counts what was neither read
 * from nor written to the prompt cache; `cache` is there when the request
 * set cache breakpoints or the fixture states cache figures.
 */
export type PlannedUsage = {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cache?: CacheUsage | undefined;
};

/** The faults of a response, times scaled like every other delay. */
export type PlannedFaults = {
  /** Nothing at all, not even headers, before this (a slow first byte). */
  readonly responseDelayMs: number;
  readonly streamError: StreamErrorFault | undefined;
  readonly stall: StallFault | undefined;
  readonly drop: DropFault | undefined;
};

/** The blocks every family can say: text, reasoning and tool calls. */
type CommonPlannedBlock = Extract<PlannedBlock, { kind: 'text' | 'reasoning' | 'tool_use' }>;

/**
 * The blocks an answer sends in a family that knows only text, reasoning and
 * tool calls (Nova, OpenAI's APIs): a tool call always, text and reasoning
 * when they have deltas. Redacted reasoning, tool results and images are
 * left out (docs/stream-variants.md), and citations are dropped from their
 * text, which is still sent.
 *
 * @example
 * blocksWithContent(plan).map((block) => block.kind) // ['reasoning', 'text']
 */
export function blocksWithContent(plan: ResponsePlan): CommonPlannedBlock[] {
  return plan.blocks.filter((block): block is CommonPlannedBlock => block.kind === 'tool_use' || ((block.kind === 'text' || block.kind === 'reasoning') && block.deltas.length > 0));
}

export type { PlannedCitation } from './resolve-citations.ts';

export type PlannedBlock =
  | {
      readonly kind: 'text';
      readonly deltas: readonly PlannedDelta[];
      /** The request's documents this text cites, when the fixture says so. */
      readonly citations?: readonly PlannedCitation[];
    }
  | { readonly kind: 'reasoning'; readonly deltas: readonly PlannedDelta[]; readonly signature: PlannedDelta | undefined }
  /** Encrypted reasoning: its one delta carries the base64 data, sent whole. */
  | { readonly kind: 'redacted_reasoning'; readonly deltas: readonly PlannedDelta[] }
  | {
      /** A tool's result from the model's side (a server-side tool). */
      readonly kind: 'tool_result';
      /** The call it answers; undefined means the answer's tool call before it. */
      readonly toolUseId: string | undefined;
      readonly type: string | undefined;
      readonly status: 'success' | 'error' | undefined;
      /** Its content, one part per delta (`deltas[i]` times `parts[i]`). */
      readonly parts: readonly ToolResultPart[];
      readonly deltas: readonly PlannedDelta[];
    }
  /** An image the model returns: its one delta carries the base64 bytes. */
  | { readonly kind: 'image'; readonly format: 'png' | 'jpeg' | 'gif' | 'webp'; readonly deltas: readonly PlannedDelta[] }
  | {
      readonly kind: 'tool_use';
      /** The fixture's id; undefined lets each API make one in its own style. */
      readonly id: string | undefined;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
      /** The input's JSON text, cut into partial-JSON deltas. */
      readonly deltas: readonly PlannedDelta[];
    };

type PlannedDelta = { readonly text: string; readonly atMs: number };

/** The text a block's deltas add up to. */
export function deltasText(deltas: readonly PlannedDelta[]): string {
  return deltas.map((delta) => delta.text).join('');
}

/** A part of a tool result: text, or JSON. */
export type ToolResultPart = { readonly text: string } | { readonly json: unknown };

export type PlanOptions = {
  readonly request: ParsedRequest;
  /** The selected fixture; undefined plans the default response. */
  readonly fixture: Fixture | undefined;
  /** Which of the fixture's responses answers (a sequence advances call by call). Default 0. */
  readonly responseIndex?: number;
  /** The text of the default response. */
  readonly defaultText: string;
  /** How the model family cuts text when the fixture does not say. */
  readonly defaultChunking: Chunking;
  /** Multiplies every delay: 0 sends everything at once, 1 keeps the fixture's timing. */
  readonly timeScale: number;
  /** Whether the fixture's reasoning blocks are sent (the model family decides: Claude reasons only when asked). */
  readonly includeReasoning: boolean;
  /** A run-wide fault drawn for this call: it replaces whatever the fixture planned to go wrong. */
  readonly runFault?: DrawnStreamFault | undefined;
  /** The request's input tokens by its model's rules (`countInputTokens`); without it, counted here with `flatCounting`. */
  readonly inputTokens?: number | undefined;
  /** What the prompt cache read and wrote for this request (absent when it set no cache breakpoint). */
  readonly cache?: CacheUsage | undefined;
};

/** Tool input JSON streams in pieces of this many characters (drawn from the seed). */
const toolInputChunking: Chunking = { by: 'characters', min: 4, max: 16 };

/**
 * What one emulator keeps of its planning, by fixture: its plans, and what
 * each fixture writes. Each emulator makes its own (`createPlanCache`): two
 * emulators in one process never share a plan, nor what is kept with one.
 */
export type PlanCache = {
  readonly plans: FixtureMemo<ResponsePlan>;
  readonly written: FixtureMemo<readonly WrittenBlock[]>;
};

const maxPlansPerFixture = 256;
const maxWritingsPerFixture = 256;

/**
 * A plan cache of its own, for one emulator.
 *
 * @example
 * const plans = createPlanCache();
 * planResponse(options, plans) === planResponse(options, plans) // true
 */
export function createPlanCache(): PlanCache {
  return { plans: createFixtureMemo(maxPlansPerFixture), written: createFixtureMemo(maxWritingsPerFixture) };
}

/**
 * Plans the response to a request: the fixture's blocks cut into timed
 * deltas, with an honest stop reason (a requested stop sequence or
 * `max_tokens` cuts the output, and the rest is not sent) and usage counted
 * from what is actually sent. With a `cache`, the same fixture asked the same
 * way gives the same plan from it; without one, every plan is made afresh.
 *
 * @example
 * const plan = planResponse({ request, fixture, defaultText: 'Hi', defaultChunking, timeScale: 1 }, createPlanCache());
 */
export function planResponse(options: PlanOptions, cache?: PlanCache): ResponsePlan {
  const { fixture } = options;
  // The same fixture asked the same way gives the same plan: the same object, so what is
  // derived from a plan (its encoded frames) can be kept with it.
  if (fixture === undefined || cache === undefined) return plan(options, cache);
  const key = planKey(options);
  const known = cache.plans.get(fixture, key);
  if (known !== undefined) return known;
  const planned = plan(options, cache);
  cache.plans.set(fixture, key, planned);
  return planned;
}

/**
 * Everything a fixture's plan depends on besides the fixture: the response
 * in the sequence, the request's limits and input size, the family's
 * reasoning and chunking rules, the time scale and a drawn fault.
 */
function planKey(options: PlanOptions): string {
  const { request, runFault, defaultChunking } = options;
  const { inputTokens, cache } = inputUsageOf(options);
  const fault = runFault === undefined ? '' : `${runFault.kind}:${runFault.kind === 'stream' ? runFault.type : ''}:${runFault.afterChunks}`;
  return [
    options.responseIndex ?? 0,
    request.maxTokens ?? '',
    request.stopSequences.join('\u0001'),
    options.includeReasoning ? 1 : 0,
    options.timeScale,
    inputTokens,
    cache === undefined ? '' : `${cache.readTokens}:${cache.writeTokensByTtl['5m']}:${cache.writeTokensByTtl['1h']}`,
    `${defaultChunking.by}:${defaultChunking.min}:${defaultChunking.max}`,
    fault,
    citedDocumentsKey(options),
  ].join('\u0000');
}

/**
 * What a response's citations are resolved against: the request's documents
 * (their titles, switches and text), only when the response cites any.
 */
function citedDocumentsKey(options: PlanOptions): string {
  const response = options.fixture?.responses[options.responseIndex ?? 0];
  if (!(response?.content ?? []).some((block) => 'citations' in block && block.citations !== undefined)) return '';
  // Hashed: the key is kept with the plan, and documents can be long.
  return hashText(JSON.stringify(options.request.documents ?? []));
}

/**
 * The input side of a response's usage: the cache's figures (the fixture's,
 * else what the prompt cache did), and the input tokens (the fixture's, else
 * the estimate less what the cache read or wrote).
 */
function inputUsageOf(options: PlanOptions): { inputTokens: number; cache: CacheUsage | undefined } {
  const stated = options.fixture?.responses[options.responseIndex ?? 0]?.usage;
  const statesCache = stated?.cacheReadInputTokens !== undefined || stated?.cacheWriteInputTokens !== undefined;
  const cache: CacheUsage | undefined = statesCache
    ? {
        readTokens: stated?.cacheReadInputTokens ?? 0,
        writeTokens: stated?.cacheWriteInputTokens ?? 0,
        writeTokensByTtl: { '5m': stated?.cacheWriteInputTokens ?? 0, '1h': 0 },
      }
    : options.cache;
  const cached = cache === undefined ? 0 : cache.readTokens + cache.writeTokens;
  const estimate = options.inputTokens ?? estimateInputTokens(options.request, flatCounting);
  return { inputTokens: stated?.inputTokens ?? Math.max(0, estimate - cached), cache };
}

function plan(options: PlanOptions, cache: PlanCache | undefined): ResponsePlan {
  const { request, fixture } = options;
  const responseIndex = options.responseIndex ?? 0;
  const response = fixture?.responses[responseIndex];
  const timing = resolveTiming(fixture?.definition.timing, options.defaultChunking);
  const written = writtenBlocks(fixture, responseIndex, options.defaultText, timing, cache).filter((block) => (block.kind !== 'reasoning' && block.kind !== 'redacted_reasoning') || options.includeReasoning);
  const { blocks: sent, cut } = applyLimits(written, request);

  const scale = options.timeScale;
  const timingRandom = createRandom(deriveSeed(timing.seed, 'timing'));
  const firstTokenAtMs = Math.max(0, timing.timeToFirstTokenMs) * scale;
  let atMs = firstTokenAtMs;
  let steps = 0;
  const nextTime = (): number => {
    if (steps > 0) atMs += Math.max(0, gapBefore(steps, timing, timingRandom)) * scale;
    steps += 1;
    return atMs;
  };
  const timed = (deltas: readonly string[]): PlannedDelta[] => deltas.map((text) => ({ text, atMs: nextTime() }));
  const blocks = sent.map((block): PlannedBlock => {
    switch (block.kind) {
      case 'text': {
        const citations = citationsOf(block.citations, request.documents);
        return citations === undefined ? { kind: 'text', deltas: timed(block.deltas) } : { kind: 'text', deltas: timed(block.deltas), citations };
      }
      case 'redacted_reasoning':
        return { kind: 'redacted_reasoning', deltas: timed(block.deltas) };
      case 'image':
        return { kind: 'image', format: block.format, deltas: timed(block.deltas) };
      case 'tool_result':
        return { kind: 'tool_result', toolUseId: block.toolUseId, type: block.type, status: block.status, parts: block.parts, deltas: timed(block.deltas) };
      case 'reasoning': {
        const deltas = timed(block.deltas);
        const signature = block.signature === undefined ? undefined : { text: block.signature, atMs: nextTime() };
        return { kind: 'reasoning', deltas, signature };
      }
      case 'tool_use':
        return { kind: 'tool_use', id: block.id, name: block.name, input: block.input, deltas: timed(block.deltas) };
    }
  });

  const sentTokens = sent.reduce((total, block) => total + block.tokens, 0);
  const outputTokens = cut === undefined ? (response?.usage?.outputTokens ?? sentTokens) : sentTokens;
  const callsTool = hasUnansweredToolCall(blocks);
  return {
    fixtureName: fixture?.name,
    blocks,
    stopReason: cut?.stopReason ?? response?.stopReason ?? (callsTool ? 'tool_use' : 'end_turn'),
    stopSequence: cut?.stopSequence ?? null,
    usage: { ...inputUsageOf(options), outputTokens },
    firstTokenAtMs,
    endAtMs: atMs,
    seed: timing.seed,
    faults: planFaults(response, scale, options.runFault),
  };
}

/**
 * Whether the answer leaves a tool call for the client to run: a call the
 * answer's own tool result (a server-side tool's) answers is not one
 * (inferred: the model went on after it, so the turn ends as usual).
 */
function hasUnansweredToolCall(blocks: readonly PlannedBlock[]): boolean {
  const answered = new Set<number>();
  let lastCall: number | undefined;
  blocks.forEach((block, index) => {
    if (block.kind === 'tool_use') lastCall = index;
    if (block.kind !== 'tool_result') return;
    const call = block.toolUseId === undefined ? lastCall : blocks.findIndex((candidate) => candidate.kind === 'tool_use' && candidate.id === block.toolUseId);
    if (call !== undefined && call !== -1) answered.add(call);
  });
  return blocks.some((block, index) => block.kind === 'tool_use' && !answered.has(index));
}

/**
 * The fixture's citations pointed at the request's documents. One that
 * cannot be (planCall refuses such a fixture before planning) is left out.
 */
function citationsOf(citations: readonly FixtureCitation[] | undefined, documents: readonly RequestDocument[] | undefined): PlannedCitation[] | undefined {
  if (citations === undefined) return undefined;
  const resolved = citations.flatMap((citation) => {
    const resolution = resolveCitation(citation, documents);
    return resolution.kind === 'resolved' ? [resolution.citation] : [];
  });
  return resolved.length === 0 ? undefined : resolved;
}

/** The fixture's faults with their times scaled; a run-wide fault replaces all but the slow first byte. */
function planFaults(response: FixtureResponse | undefined, scale: number, runFault: DrawnStreamFault | undefined): PlannedFaults {
  const responseDelayMs = (response?.responseDelayMs ?? 0) * scale;
  if (runFault !== undefined) {
    const afterChunks = runFault.afterChunks;
    return {
      responseDelayMs,
      streamError: runFault.kind === 'stream' ? { type: runFault.type, afterChunks } : undefined,
      stall: runFault.kind === 'stall' ? { afterChunks } : undefined,
      drop: runFault.kind === 'drop' ? { afterChunks } : undefined,
    };
  }
  const at = <T extends { atMs?: number | undefined }>(fault: T | undefined): T | undefined =>
    fault === undefined || fault.atMs === undefined ? fault : { ...fault, atMs: fault.atMs * scale };
  const stall = at(response?.stall);
  return {
    responseDelayMs,
    streamError: at(response?.streamError),
    stall: stall?.forMs === undefined ? stall : { ...stall, forMs: stall.forMs * scale },
    drop: at(response?.drop),
  };
}

/** Whether a plan has anything go wrong once the stream is under way (the journal calls such a call `fault-injected`). */
export function hasStreamFault(plan: ResponsePlan): boolean {
  return (plan.faults.streamError ?? plan.faults.stall ?? plan.faults.drop) !== undefined;
}

/** A block as the fixture writes it: its deltas, and its token count for usage and cuts. */
type WrittenBlock =
  | { readonly kind: 'text'; readonly deltas: readonly string[]; readonly tokens: number; readonly citations: readonly FixtureCitation[] | undefined }
  | { readonly kind: 'redacted_reasoning'; readonly deltas: readonly string[]; readonly tokens: number }
  | { readonly kind: 'image'; readonly format: 'png' | 'jpeg' | 'gif' | 'webp'; readonly deltas: readonly string[]; readonly tokens: number }
  | {
      readonly kind: 'tool_result';
      readonly toolUseId: string | undefined;
      readonly type: string | undefined;
      readonly status: 'success' | 'error' | undefined;
      readonly parts: readonly ToolResultPart[];
      readonly deltas: readonly string[];
      readonly tokens: number;
    }
  | { readonly kind: 'reasoning'; readonly deltas: readonly string[]; readonly signature: string | undefined; readonly tokens: number }
  | {
      readonly kind: 'tool_use';
      readonly id: string | undefined;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
      readonly deltas: readonly string[];
      readonly tokens: number;
    };

/**
 * What a fixture writes depends only on the fixture and its timing, so it is
 * cut and tokenized once (kept in the cache), not on every request (that was
 * the largest part of planning a response).
 */
function writtenBlocks(fixture: Fixture | undefined, responseIndex: number, defaultText: string, timing: ResolvedTiming, cache: PlanCache | undefined): readonly WrittenBlock[] {
  const write = (): WrittenBlock[] => {
    const response = fixture?.responses[responseIndex];
    const content: readonly FixtureContentBlock[] = response?.content ?? [{ text: response?.text ?? defaultText }];
    const random = createRandom(deriveSeed(timing.seed, 'chunking'));
    return content.map((block) => writeBlock(block, timing.chunking, random));
  };
  if (fixture === undefined || cache === undefined) return write();
  const key = `${responseIndex}|${timing.seed}|${timing.chunking.by}|${timing.chunking.min}|${timing.chunking.max}`;
  const known = cache.written.get(fixture, key);
  if (known !== undefined) return known;
  const written = write();
  cache.written.set(fixture, key, written);
  return written;
}

function writeBlock(block: FixtureContentBlock, chunking: Chunking, random: Random): WrittenBlock {
  // A list is the exact deltas; a string is cut as the timing says.
  const cut = (text: string | readonly string[]): readonly string[] => (typeof text === 'string' ? splitDeltas(text, chunking, random) : text);
  if ('text' in block) {
    const deltas = cut(block.text);
    return { kind: 'text', deltas, tokens: tokenize(deltas.join('')).length, citations: block.citations };
  }
  // Redacted reasoning is the model's output: counted by its data. A tool result and an image are sent whole, in one
  // delta each (a part each), and count no output tokens (inferred: they are not text the model wrote).
  if ('redactedReasoning' in block) return { kind: 'redacted_reasoning', deltas: [block.redactedReasoning], tokens: tokenize(block.redactedReasoning).length };
  if ('image' in block) return { kind: 'image', format: block.image.format, deltas: [block.image.data], tokens: 0 };
  if ('toolResult' in block) {
    const { toolUseId, type, status, content } = block.toolResult;
    const parts: ToolResultPart[] = content.map((part) => ('text' in part ? { text: part.text } : { json: part.json }));
    return { kind: 'tool_result', toolUseId, type, status, parts, deltas: parts.map((part) => ('text' in part ? part.text : (JSON.stringify(part.json) ?? 'null'))), tokens: 0 };
  }
  if ('reasoning' in block) {
    const deltas = cut(block.reasoning.text);
    return { kind: 'reasoning', deltas, signature: block.reasoning.signature, tokens: tokenize(deltas.join('')).length };
  }
  const json = JSON.stringify(block.toolUse.input);
  return {
    kind: 'tool_use',
    id: block.toolUse.id,
    name: block.toolUse.name,
    input: block.toolUse.input,
    deltas: splitDeltas(json, toolInputChunking, random),
    tokens: tokenize(json).length,
  };
}

type Cut = { readonly stopReason: StopReason; readonly stopSequence: string | null };

/**
 * Applies the request's limits to what the fixture writes, in order, as the
 * model would meet them while generating:
 * - a requested stop sequence in a text block ends the output just before it
 *   (the sequence itself is not sent);
 * - `max_tokens` ends the output after that many tokens. Text and reasoning
 *   are cut at a token; a tool call is all or nothing (it is dropped when it
 *   does not fit whole, so no client ever gets half a JSON input).
 */
function applyLimits(written: readonly WrittenBlock[], request: ParsedRequest): { blocks: WrittenBlock[]; cut: Cut | undefined } {
  const blocks: WrittenBlock[] = [];
  let budget = request.maxTokens ?? Number.POSITIVE_INFINITY;
  for (const block of written) {
    let current = block;
    let cut: Cut | undefined;
    if (current.kind === 'text') {
      const stop = firstStopSequence(current.deltas.join(''), request.stopSequences);
      if (stop !== undefined) {
        current = textPrefix(current, stop.at);
        cut = { stopReason: 'stop_sequence', stopSequence: stop.sequence };
      }
    }
    if (current.tokens > budget) {
      if ((current.kind === 'text' || current.kind === 'reasoning') && budget > 0) blocks.push(tokenPrefix(current, budget));
      return { blocks, cut: { stopReason: 'max_tokens', stopSequence: null } };
    }
    budget -= current.tokens;
    blocks.push(current);
    if (cut !== undefined) return { blocks, cut };
  }
  return { blocks, cut: undefined };
}

function firstStopSequence(text: string, sequences: readonly string[]): { at: number; sequence: string } | undefined {
  let first: { at: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at !== -1 && (first === undefined || at < first.at)) first = { at, sequence };
  }
  return first;
}

/** The first `length` characters of a text or reasoning block, re-counted. */
function textPrefix<B extends Extract<WrittenBlock, { kind: 'text' | 'reasoning' }>>(block: B, length: number): B {
  const deltas = cutDeltas(block.deltas, length);
  return { ...block, deltas, tokens: tokenize(deltas.join('')).length };
}

/** The first `tokens` tokens of a text or reasoning block. */
function tokenPrefix(block: Extract<WrittenBlock, { kind: 'text' | 'reasoning' }>, tokens: number): WrittenBlock {
  const length = tokenize(block.deltas.join('')).slice(0, tokens).join('').length;
  // A reasoning block cut short never gets its signature.
  const prefix = textPrefix(block, length);
  return prefix.kind === 'reasoning' ? { ...prefix, signature: undefined } : prefix;
}

function cutDeltas(deltas: readonly string[], length: number): string[] {
  const kept: string[] = [];
  let remaining = length;
  for (const delta of deltas) {
    if (remaining <= 0) break;
    kept.push(delta.slice(0, remaining));
    remaining -= delta.length;
  }
  return kept;
}

type ResolvedTiming = TimingFigures & { readonly seed: number; readonly chunking: Chunking; readonly deltaGapsMs?: readonly number[] | undefined };

/** The wait before the `step`th delta (1 = the second): the recorded gap, else the interval with its jitter. */
function gapBefore(step: number, timing: ResolvedTiming, random: { spread(spread: number): number }): number {
  const gaps = timing.deltaGapsMs;
  if (gaps !== undefined && gaps.length > 0) return gaps[Math.min(step, gaps.length) - 1] ?? 0;
  return timing.deltaIntervalMs + random.spread(timing.jitterMs);
}

function resolveTiming(timing: FixtureTiming | undefined, defaultChunking: Chunking): ResolvedTiming {
  if (timing === undefined || typeof timing === 'string') {
    return { ...timingProfiles[timing ?? defaultTimingProfile], seed: defaultSeed, chunking: defaultChunking };
  }
  const base = timingProfiles[timing.profile ?? defaultTimingProfile];
  return {
    timeToFirstTokenMs: timing.timeToFirstTokenMs ?? base.timeToFirstTokenMs,
    deltaIntervalMs: timing.deltaIntervalMs ?? base.deltaIntervalMs,
    jitterMs: timing.jitterMs ?? base.jitterMs,
    seed: timing.seed ?? defaultSeed,
    chunking: timing.chunking ?? defaultChunking,
    deltaGapsMs: timing.deltaGapsMs,
  };
}
