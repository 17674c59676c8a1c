import type { StopReason } from '../../../core/fixtures/fixture-schema.ts';
import { deltasText, type PlannedBlock, type PlannedCitation, type PlannedUsage, type ResponsePlan } from '../../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../../core/planning/timeline.ts';
import { randomId } from '../../../core/ids.ts';
import type { ModelId } from '../../model-ids/model-id.ts';
import { invocationMetrics } from '../format/invocation-metrics.ts';
import type { AnthropicCitation, AnthropicStreamEvent, AnthropicUsage } from './stream-events.ts';

/**
 * The model name Claude reports in its messages: the base id without the
 * provider and the Bedrock version suffix.
 *
 * @example
 * anthropicModelName({ base: 'anthropic.claude-sonnet-4-5-20250929-v1:0', ... }) // 'claude-sonnet-4-5-20250929'
 */
function anthropicModelName(model: ModelId): string {
  return model.base.replace(/^anthropic\./, '').replace(/-v\d+(?::\d+)?$/, '');
}

/** Fixture stop reasons that only Converse has, as Claude says them. */
const anthropicStopReason: Partial<Record<StopReason, string>> = {
  guardrail_intervened: 'refusal',
  content_filtered: 'refusal',
  malformed_model_output: 'end_turn',
  malformed_tool_use: 'end_turn',
};

const stopReasonOf = (plan: ResponsePlan): string => anthropicStopReason[plan.stopReason] ?? plan.stopReason;

const newToolUseId = (): string => randomId('toolu_bdrk_01', 22);

type Timed = TimedEvent<AnthropicStreamEvent>;

/** A planned citation as Claude's: char_location, page_location or content_block_location. */
function anthropicCitation(citation: PlannedCitation): AnthropicCitation {
  const common = { cited_text: citation.quote, document_index: citation.documentIndex, document_title: citation.title ?? null };
  const { kind, start, end } = citation.location;
  if (kind === 'page') return { type: 'page_location', ...common, start_page_number: start, end_page_number: end };
  if (kind === 'chunk') return { type: 'content_block_location', ...common, start_block_index: start, end_block_index: end };
  return { type: 'char_location', ...common, start_char_index: start, end_char_index: end };
}

/**
 * The Messages streaming events for a plan, in the order Bedrock sends them
 * (docs/protocol/model-families.md#anthropic-claude): `message_start`, per block `content_block_start`, deltas,
 * `content_block_stop`, then `message_delta` and `message_stop`, the last
 * carrying `amazon-bedrock-invocationMetrics`.
 *
 * @example
 * renderAnthropicStream(plan, model).map((timed) => timed.event.type)
 */
/**
 * Claude's input usage: the uncached input, what the prompt cache wrote (in
 * all and by TTL, as Anthropic's `cache_creation` says it) and read.
 *
 * @example
 * anthropicInputUsage(plan.usage) // { input_tokens: 12, cache_creation_input_tokens: 1500, cache_read_input_tokens: 0, cache_creation: {…} }
 */
function anthropicInputUsage(usage: PlannedUsage): Omit<AnthropicUsage, 'output_tokens'> {
  const { cache } = usage;
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: cache?.writeTokens ?? 0,
    cache_read_input_tokens: cache?.readTokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cache?.writeTokensByTtl['5m'] ?? 0, ephemeral_1h_input_tokens: cache?.writeTokensByTtl['1h'] ?? 0 },
  };
}

export function renderAnthropicStream(plan: ResponsePlan, model: ModelId): Timed[] {
  const events: Timed[] = [
    {
      atMs: plan.firstTokenAtMs,
      unique: true,
      event: {
        type: 'message_start',
        message: {
          model: anthropicModelName(model),
          id: randomId('msg_bdrk_01', 22),
          type: 'message',
          role: 'assistant',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...anthropicInputUsage(plan.usage), output_tokens: 1 },
        },
      },
    },
  ];
  let previousAtMs = plan.firstTokenAtMs;
  claudeBlocks(plan).forEach((block, index) => {
    // A loop, not a spread: a long text cut into single characters is more arguments than a call takes.
    for (const event of renderBlockEvents(block, index, previousAtMs)) events.push(event);
    previousAtMs = events.at(-1)?.atMs ?? previousAtMs;
  });
  events.push(
    {
      atMs: plan.endAtMs,
      event: {
        type: 'message_delta',
        delta: { stop_reason: stopReasonOf(plan), stop_sequence: plan.stopSequence },
        usage: { output_tokens: plan.usage.outputTokens },
      },
    },
    {
      atMs: plan.endAtMs,
      event: {
        type: 'message_stop',
        'amazon-bedrock-invocationMetrics': invocationMetrics(plan),
      },
    },
  );
  return events;
}

/**
 * The blocks Claude's Messages stream can say. A tool result and an image
 * from the model are Converse's (ContentBlockStart members); Claude's own
 * server tools have block types of their own, not emulated: they are left out.
 */
const claudeBlocks = (plan: ResponsePlan): PlannedBlock[] => plan.blocks.filter((block) => block.kind !== 'tool_result' && block.kind !== 'image');

function renderBlockEvents(block: PlannedBlock, index: number, previousAtMs: number): Timed[] {
  const startAtMs = block.deltas[0]?.atMs ?? previousAtMs;
  const events: Timed[] = [];
  const start = (content_block: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'], unique = false): void => {
    events.push({ atMs: startAtMs, event: { type: 'content_block_start', index, content_block }, ...(unique ? { unique } : {}) });
  };
  const delta = (atMs: number, body: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta']): void => {
    events.push({ atMs, event: { type: 'content_block_delta', index, delta: body } });
  };
  switch (block.kind) {
    case 'text':
      if (block.citations === undefined) {
        start({ type: 'text', text: '' });
      } else {
        // A cited block opens with an empty citations list, then each citation, then its text (as Claude streams it).
        start({ type: 'text', text: '', citations: [] });
        for (const citation of block.citations) delta(startAtMs, { type: 'citations_delta', citation: anthropicCitation(citation) });
      }
      for (const d of block.deltas) delta(d.atMs, { type: 'text_delta', text: d.text });
      break;
    case 'redacted_reasoning':
      // Claude sends encrypted thinking whole, in its content_block_start, with no deltas.
      start({ type: 'redacted_thinking', data: deltasText(block.deltas) });
      break;
    case 'tool_result':
    case 'image':
      // Left out before rendering (claudeBlocks).
      break;
    case 'reasoning':
      start({ type: 'thinking', thinking: '', signature: '' });
      for (const d of block.deltas) delta(d.atMs, { type: 'thinking_delta', thinking: d.text });
      if (block.signature !== undefined) delta(block.signature.atMs, { type: 'signature_delta', signature: block.signature.text });
      break;
    case 'tool_use':
      start({ type: 'tool_use', id: block.id ?? newToolUseId(), name: block.name, input: {} }, block.id === undefined);
      // Claude opens every tool input with an empty partial_json delta (docs/protocol/model-families.md#anthropic-claude).
      delta(startAtMs, { type: 'input_json_delta', partial_json: '' });
      for (const d of block.deltas) delta(d.atMs, { type: 'input_json_delta', partial_json: d.text });
      break;
  }
  events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, event: { type: 'content_block_stop', index } });
  return events;
}
