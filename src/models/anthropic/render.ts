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
  let startAtMs = plan.firstTokenAtMs;
  plan.blocks.forEach((block, index) => {
    events.push(...renderBlock(block, index, startAtMs));
    startAtMs = events.at(-1)?.atMs ?? startAtMs;
  });
  events.push(
    {
      atMs: plan.endAtMs,
      event: {
        type: 'message_delta',
        delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
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

function renderBlock(block: PlannedBlock, index: number, previousAtMs: number): TimedModelEvent[] {
  const startAtMs = block.deltas[0]?.atMs ?? previousAtMs;
  const stopAtMs = block.deltas.at(-1)?.atMs ?? startAtMs;
  return [
    { atMs: startAtMs, event: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } },
    ...block.deltas.map((delta) => ({
      atMs: delta.atMs,
      event: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: delta.text } },
    })),
    { atMs: stopAtMs, event: { type: 'content_block_stop', index } },
  ];
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
    content: plan.blocks.map((block) => ({ type: 'text', text: block.deltas.map((delta) => delta.text).join('') })),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: {
      input_tokens: plan.usage.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: plan.usage.outputTokens,
    },
  };
}
