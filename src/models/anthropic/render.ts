import type { StopReason } from '../../fixtures/fixture-schema.ts';
import type { PlannedBlock, ResponsePlan } from '../../fixtures/plan-response.ts';
import { randomId } from '../ids.ts';
import type { TimedModelEvent } from '../model-family.ts';
import type { ModelId } from '../model-id.ts';

/**
 * The model name Claude reports in its messages: the base id without the
 * provider and the Bedrock version suffix.
 *
 * @example
 * anthropicModelName({ base: 'anthropic.claude-sonnet-4-5-20250929-v1:0', ... }) // 'claude-sonnet-4-5-20250929'
 */
export function anthropicModelName(model: ModelId): string {
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

/**
 * The Messages streaming events for a plan, in the order Bedrock sends them
 * (REFERENCE §4.1): `message_start`, per block `content_block_start`, deltas,
 * `content_block_stop`, then `message_delta` and `message_stop`, the last
 * carrying `amazon-bedrock-invocationMetrics`.
 *
 * @example
 * renderAnthropicStream(plan, model).map((timed) => timed.event.type)
 */
export function renderAnthropicStream(plan: ResponsePlan, model: ModelId): TimedModelEvent[] {
  const events: TimedModelEvent[] = [
    {
      atMs: plan.firstTokenAtMs,
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
          usage: {
            input_tokens: plan.usage.inputTokens,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 1,
          },
        },
      },
    },
  ];
  let previousAtMs = plan.firstTokenAtMs;
  plan.blocks.forEach((block, index) => {
    events.push(...renderBlockEvents(block, index, previousAtMs));
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
        'amazon-bedrock-invocationMetrics': {
          inputTokenCount: plan.usage.inputTokens,
          outputTokenCount: plan.usage.outputTokens,
          invocationLatency: Math.round(plan.endAtMs),
          firstByteLatency: Math.round(plan.firstTokenAtMs),
        },
      },
    },
  );
  return events;
}

function renderBlockEvents(block: PlannedBlock, index: number, previousAtMs: number): TimedModelEvent[] {
  const startAtMs = block.deltas[0]?.atMs ?? previousAtMs;
  const delta = (atMs: number, body: Record<string, unknown>): TimedModelEvent => ({ atMs, event: { type: 'content_block_delta', index, delta: body } });
  const events: TimedModelEvent[] = [];
  switch (block.kind) {
    case 'text':
      events.push({ atMs: startAtMs, event: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } });
      events.push(...block.deltas.map((d) => delta(d.atMs, { type: 'text_delta', text: d.text })));
      break;
    case 'reasoning':
      events.push({ atMs: startAtMs, event: { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } } });
      events.push(...block.deltas.map((d) => delta(d.atMs, { type: 'thinking_delta', thinking: d.text })));
      if (block.signature !== undefined) events.push(delta(block.signature.atMs, { type: 'signature_delta', signature: block.signature.text }));
      break;
    case 'tool_use':
      events.push({
        atMs: startAtMs,
        event: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id ?? newToolUseId(), name: block.name, input: {} } },
      });
      // Claude opens every tool input with an empty partial_json delta (REFERENCE §4.1).
      events.push(delta(startAtMs, { type: 'input_json_delta', partial_json: '' }));
      events.push(...block.deltas.map((d) => delta(d.atMs, { type: 'input_json_delta', partial_json: d.text })));
      break;
  }
  events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, event: { type: 'content_block_stop', index } });
  return events;
}

/**
 * The InvokeModel (non-streaming) Messages body for a plan.
 *
 * @example
 * renderAnthropicMessage(plan, model).content // [{ type: 'text', text: '…' }]
 */
export function renderAnthropicMessage(plan: ResponsePlan, model: ModelId): Record<string, unknown> {
  return {
    id: randomId('msg_bdrk_01', 22),
    type: 'message',
    role: 'assistant',
    model: anthropicModelName(model),
    content: plan.blocks.map(renderContentBlock),
    stop_reason: stopReasonOf(plan),
    stop_sequence: plan.stopSequence,
    usage: {
      input_tokens: plan.usage.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: plan.usage.outputTokens,
    },
  };
}

const joined = (block: PlannedBlock): string => block.deltas.map((delta) => delta.text).join('');

function renderContentBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.kind) {
    case 'text':
      return { type: 'text', text: joined(block) };
    case 'reasoning':
      return { type: 'thinking', thinking: joined(block), signature: block.signature?.text ?? '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? newToolUseId(), name: block.name, input: block.input };
  }
}
