import type { StopReason } from '../fixture-format/fixture-schema.ts';
import type { CacheTtl } from '../fixture-format/request.ts';
import type { PlannedBlock, PlannedUsage, ResponsePlan } from '../planning/plan-response.ts';
import type { TimedEvent } from '../planning/timeline.ts';
import { randomId } from '../models/ids.ts';

type Usage = {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  readonly cacheDetails?: readonly { readonly ttl: CacheTtl; readonly inputTokens: number }[];
};
type ConverseDelta =
  | { readonly text: string }
  | { readonly reasoningContent: { readonly text: string } | { readonly signature: string } }
  | { readonly toolUse: { readonly input: string } };

/** One ConverseStream event: its `:event-type` and payload (REFERENCE §5.3). */
export type ConverseEvent =
  | { readonly type: 'messageStart'; readonly payload: { readonly role: 'assistant' } }
  | { readonly type: 'contentBlockStart'; readonly payload: { readonly contentBlockIndex: number; readonly start: { readonly toolUse: { readonly toolUseId: string; readonly name: string } } } }
  | { readonly type: 'contentBlockDelta'; readonly payload: { readonly contentBlockIndex: number; readonly delta: ConverseDelta } }
  | { readonly type: 'contentBlockStop'; readonly payload: { readonly contentBlockIndex: number } }
  | { readonly type: 'messageStop'; readonly payload: { readonly stopReason: StopReason; readonly additionalModelResponseFields?: Readonly<Record<string, unknown>> } }
  | { readonly type: 'metadata'; readonly payload: { readonly usage: Usage; readonly metrics: { readonly latencyMs: number } } & Echoes };

/** What an answer echoes of the request: its performance configuration and service tier. */
type Echoes = { readonly performanceConfig?: { readonly latency: string }; readonly serviceTier?: { readonly type: string } };

/** Request-dependent parts of an answer: the echoes, and the fields selected from the model's own response. */
export type ConverseExtras = Echoes & { readonly additionalModelResponseFields?: Readonly<Record<string, unknown>> };

/** Fixture stop reasons that only Claude's Messages API has, as Converse says them. */
const converseStopReason: Partial<Record<StopReason, StopReason>> = {
  pause_turn: 'end_turn',
  refusal: 'content_filtered',
};

const stopReasonOf = (plan: ResponsePlan): StopReason => converseStopReason[plan.stopReason] ?? plan.stopReason;

const newToolUseId = (): string => randomId('tooluse_', 22);

/** Converse never sends a block with nothing in it. */
const sentBlocks = (plan: ResponsePlan): PlannedBlock[] => plan.blocks.filter((block) => block.kind === 'tool_use' || block.deltas.length > 0 || (block.kind === 'reasoning' && block.signature !== undefined));

/**
 * The ConverseStream events for a plan (REFERENCE §5.3): `messageStart`;
 * per block an optional `contentBlockStart` (tool use only: text and
 * reasoning start directly with deltas), its deltas, `contentBlockStop`; then
 * `messageStop` and `metadata` with usage and latency.
 *
 * @example
 * renderConverseStream(plan).map((timed) => timed.event.type)
 */
export function renderConverseStream(plan: ResponsePlan, extras: ConverseExtras = {}): TimedEvent<ConverseEvent>[] {
  const events: TimedEvent<ConverseEvent>[] = [{ atMs: plan.firstTokenAtMs, event: { type: 'messageStart', payload: { role: 'assistant' } } }];
  sentBlocks(plan).forEach((block, contentBlockIndex) => {
    const startAtMs = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? plan.firstTokenAtMs;
    const delta = (atMs: number, body: ConverseDelta): void => {
      events.push({ atMs, event: { type: 'contentBlockDelta', payload: { contentBlockIndex, delta: body } } });
    };
    switch (block.kind) {
      case 'text':
        for (const d of block.deltas) delta(d.atMs, { text: d.text });
        break;
      case 'reasoning':
        for (const d of block.deltas) delta(d.atMs, { reasoningContent: { text: d.text } });
        if (block.signature !== undefined) delta(block.signature.atMs, { reasoningContent: { signature: block.signature.text } });
        break;
      case 'tool_use':
        events.push({
          atMs: startAtMs,
          event: { type: 'contentBlockStart', payload: { contentBlockIndex, start: { toolUse: { toolUseId: block.id ?? newToolUseId(), name: block.name } } } },
          ...(block.id === undefined ? { unique: true as const } : {}),
        });
        for (const d of block.deltas) delta(d.atMs, { toolUse: { input: d.text } });
        break;
    }
    events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, event: { type: 'contentBlockStop', payload: { contentBlockIndex } } });
  });
  const { additionalModelResponseFields, performanceConfig, serviceTier } = extras;
  // These events depend on the request, not only on the plan: never kept with the plan's frames.
  const requestDependent = additionalModelResponseFields !== undefined || performanceConfig !== undefined || serviceTier !== undefined ? { unique: true as const } : {};
  events.push(
    { atMs: plan.endAtMs, event: { type: 'messageStop', payload: { stopReason: stopReasonOf(plan), ...(additionalModelResponseFields === undefined ? {} : { additionalModelResponseFields }) } }, ...requestDependent },
    {
      atMs: plan.endAtMs,
      event: {
        type: 'metadata',
        payload: { usage: converseUsage(plan.usage), metrics: { latencyMs: Math.round(plan.endAtMs) }, ...(performanceConfig === undefined ? {} : { performanceConfig }), ...(serviceTier === undefined ? {} : { serviceTier }) },
      },
      ...requestDependent,
    },
  );
  return events;
}

/**
 * Converse's usage: `inputTokens` is the input the cache neither read nor
 * wrote, `totalTokens` counts all of it; with a cache in play, its reads and
 * writes, and the writes by TTL (1h before 5m) when there are any.
 *
 * @example
 * converseUsage(plan.usage) // { inputTokens: 12, outputTokens: 30, totalTokens: 1542, cacheReadInputTokens: 0, cacheWriteInputTokens: 1500, cacheDetails: [{ ttl: '5m', inputTokens: 1500 }] }
 */
export function converseUsage(usage: PlannedUsage): Usage {
  const { inputTokens, outputTokens, cache } = usage;
  if (cache === undefined) return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const cacheDetails = (['1h', '5m'] as const).flatMap((ttl) => (cache.writeTokensByTtl[ttl] > 0 ? [{ ttl, inputTokens: cache.writeTokensByTtl[ttl] }] : []));
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + cache.readTokens + cache.writeTokens + outputTokens,
    cacheReadInputTokens: cache.readTokens,
    cacheWriteInputTokens: cache.writeTokens,
    ...(cacheDetails.length === 0 ? {} : { cacheDetails }),
  };
}

type BlockDraft =
  | { readonly kind: 'text'; text: string }
  | { readonly kind: 'reasoning'; text: string; signature: string | undefined }
  | { readonly kind: 'toolUse'; readonly toolUseId: string; readonly name: string; input: string };

/**
 * The Converse (non-streaming) response body (REFERENCE §5.2): a whole
 * ConverseStream joined, as Bedrock assembles it.
 *
 * @example
 * joinConverseResponse(renderConverseStream(plan).map((timed) => timed.event)).output.message.content
 */
export function joinConverseResponse(events: readonly ConverseEvent[]) {
  const blocks: BlockDraft[] = [];
  let stopReason: StopReason = 'end_turn';
  let usage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let metrics = { latencyMs: 0 };
  let extras: ConverseExtras = {};
  for (const { type, payload } of events) {
    if (type === 'contentBlockStart') {
      blocks[payload.contentBlockIndex] = { kind: 'toolUse', ...payload.start.toolUse, input: '' };
    } else if (type === 'contentBlockDelta') {
      appendDelta(blocks, payload.contentBlockIndex, payload.delta);
    } else if (type === 'messageStop') {
      stopReason = payload.stopReason;
      if (payload.additionalModelResponseFields !== undefined) extras = { ...extras, additionalModelResponseFields: payload.additionalModelResponseFields };
    } else if (type === 'metadata') {
      const { usage: reported, metrics: measured, ...echoes } = payload;
      usage = reported;
      metrics = measured;
      extras = { ...extras, ...echoes };
    }
  }
  return {
    output: { message: { role: 'assistant', content: blocks.map(finishBlock) } },
    stopReason,
    usage,
    metrics,
    ...extras,
  };
}

function appendDelta(blocks: BlockDraft[], index: number, delta: ConverseDelta): void {
  const block = blocks[index];
  if ('text' in delta) {
    if (block?.kind === 'text') block.text += delta.text;
    else blocks[index] = { kind: 'text', text: delta.text };
  } else if ('reasoningContent' in delta) {
    const draft = block?.kind === 'reasoning' ? block : (blocks[index] = { kind: 'reasoning', text: '', signature: undefined });
    if ('text' in delta.reasoningContent) draft.text += delta.reasoningContent.text;
    else draft.signature = delta.reasoningContent.signature;
  } else if (block?.kind === 'toolUse') {
    block.input += delta.toolUse.input;
  }
}

function finishBlock(block: BlockDraft): Record<string, unknown> {
  switch (block.kind) {
    case 'text':
      return { text: block.text };
    case 'reasoning':
      return { reasoningContent: { reasoningText: block.signature === undefined ? { text: block.text } : { text: block.text, signature: block.signature } } };
    case 'toolUse':
      return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input === '' ? {} : (JSON.parse(block.input) as unknown) } };
  }
}
