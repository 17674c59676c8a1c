import type { StopReason } from '../fixtures/fixture-schema.ts';
import type { PlannedBlock, ResponsePlan } from '../fixtures/plan-response.ts';
import { randomId } from '../models/ids.ts';

/** One ConverseStream event: its `:event-type` and payload, and when it leaves. */
export type TimedConverseEvent = {
  readonly atMs: number;
  readonly type: 'messageStart' | 'contentBlockStart' | 'contentBlockDelta' | 'contentBlockStop' | 'messageStop' | 'metadata';
  readonly payload: Readonly<Record<string, unknown>>;
};

/** Fixture stop reasons that only Claude's Messages API has, as Converse says them. */
const converseStopReason: Partial<Record<StopReason, StopReason>> = {
  pause_turn: 'end_turn',
  refusal: 'content_filtered',
};

const stopReasonOf = (plan: ResponsePlan): StopReason => converseStopReason[plan.stopReason] ?? plan.stopReason;

const newToolUseId = (): string => randomId('tooluse_', 22);

/** Converse never sends a text block with nothing in it. */
const sentBlocks = (plan: ResponsePlan): PlannedBlock[] => plan.blocks.filter((block) => block.kind !== 'text' || block.deltas.length > 0);

/**
 * The ConverseStream events for a plan (REFERENCE §5.3): `messageStart`;
 * per block an optional `contentBlockStart` (tool use only: text and
 * reasoning start directly with deltas), its deltas, `contentBlockStop`; then
 * `messageStop` and `metadata` with usage and latency.
 *
 * @example
 * renderConverseStream(plan).map((event) => event.type)
 */
export function renderConverseStream(plan: ResponsePlan): TimedConverseEvent[] {
  const events: TimedConverseEvent[] = [{ atMs: plan.firstTokenAtMs, type: 'messageStart', payload: { role: 'assistant' } }];
  sentBlocks(plan).forEach((block, contentBlockIndex) => {
    const startAtMs = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? plan.firstTokenAtMs;
    const delta = (atMs: number, body: Record<string, unknown>): TimedConverseEvent => ({ atMs, type: 'contentBlockDelta', payload: { contentBlockIndex, delta: body } });
    switch (block.kind) {
      case 'text':
        events.push(...block.deltas.map((d) => delta(d.atMs, { text: d.text })));
        break;
      case 'reasoning':
        events.push(...block.deltas.map((d) => delta(d.atMs, { reasoningContent: { text: d.text } })));
        if (block.signature !== undefined) events.push(delta(block.signature.atMs, { reasoningContent: { signature: block.signature.text } }));
        break;
      case 'tool_use':
        events.push({ atMs: startAtMs, type: 'contentBlockStart', payload: { contentBlockIndex, start: { toolUse: { toolUseId: block.id ?? newToolUseId(), name: block.name } } } });
        events.push(...block.deltas.map((d) => delta(d.atMs, { toolUse: { input: d.text } })));
        break;
    }
    events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, type: 'contentBlockStop', payload: { contentBlockIndex } });
  });
  events.push(
    { atMs: plan.endAtMs, type: 'messageStop', payload: { stopReason: stopReasonOf(plan) } },
    { atMs: plan.endAtMs, type: 'metadata', payload: { usage: usageOf(plan), metrics: { latencyMs: Math.round(plan.endAtMs) } } },
  );
  return events;
}

/**
 * The Converse (non-streaming) response body for a plan (REFERENCE §5.2).
 *
 * @example
 * renderConverseResponse(plan).output.message.content
 */
export function renderConverseResponse(plan: ResponsePlan) {
  return {
    output: { message: { role: 'assistant', content: sentBlocks(plan).map(renderContentBlock) } },
    stopReason: stopReasonOf(plan),
    usage: usageOf(plan),
    metrics: { latencyMs: Math.round(plan.endAtMs) },
  };
}

function usageOf(plan: ResponsePlan) {
  const { inputTokens, outputTokens } = plan.usage;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function renderContentBlock(block: PlannedBlock): Record<string, unknown> {
  const text = block.deltas.map((delta) => delta.text).join('');
  switch (block.kind) {
    case 'text':
      return { text };
    case 'reasoning':
      return { reasoningContent: { reasoningText: block.signature === undefined ? { text } : { text, signature: block.signature.text } } };
    case 'tool_use':
      return { toolUse: { toolUseId: block.id ?? newToolUseId(), name: block.name, input: block.input } };
  }
}
