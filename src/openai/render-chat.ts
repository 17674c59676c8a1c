import type { StopReason } from '../fixture-format/fixture-schema.ts';
import { randomId } from '../models/ids.ts';
import type { PlannedBlock, ResponsePlan } from '../planning/plan-response.ts';
import type { TimedEvent } from '../planning/timeline.ts';

type ToolCallDelta = { readonly index: number; readonly id?: string; readonly type?: 'function'; readonly function: { readonly name?: string; readonly arguments: string } };
type ChatDelta = { readonly role?: 'assistant'; readonly content?: string | null; readonly reasoning_content?: string; readonly tool_calls?: readonly ToolCallDelta[] };

type Usage = { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number };

/** One `data:` event of a streamed chat completion: a chunk, or the closing `[DONE]`. */
export type ChatStreamEvent =
  | {
      readonly id: string;
      readonly object: 'chat.completion.chunk';
      readonly created: number;
      readonly model: string;
      readonly service_tier: 'auto';
      readonly choices: readonly { readonly index: 0; readonly delta: ChatDelta; readonly logprobs: null; readonly finish_reason: FinishReason | null }[];
      readonly usage?: Usage;
    }
  | '[DONE]';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A fixture's stop reason as Chat Completions says it. */
const finishReasons: Record<StopReason, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  refusal: 'content_filter',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
  malformed_model_output: 'stop',
  malformed_tool_use: 'stop',
};

export const finishReasonOf = (plan: ResponsePlan): FinishReason => finishReasons[plan.stopReason];

const newToolCallId = (): string => randomId('call_', 24);

/** What the answer is said with: one id and creation time for every chunk of it, the model as asked. */
export type ChatIdentity = { readonly id: string; readonly created: number; readonly model: string };

export const newChatIdentity = (model: string, nowMs: number): ChatIdentity => ({ id: randomId('chatcmpl-', 29), created: Math.floor(nowMs / 1000), model });

const blocksSent = (plan: ResponsePlan): PlannedBlock[] => plan.blocks.filter((block) => block.kind === 'tool_use' || block.deltas.length > 0);

/**
 * The streamed chat completion for a plan: a first chunk with the role,
 * then a chunk per delta (`content`, `reasoning_content`, or a tool call's
 * `arguments`, the call's first chunk naming it), a last chunk with the
 * `finish_reason`, the usage chunk when `stream_options.include_usage` asked
 * for it, and `[DONE]`.
 *
 * @example
 * renderChatStream(plan, newChatIdentity(model, Date.now()), { includeUsage: true })
 */
export function renderChatStream(plan: ResponsePlan, identity: ChatIdentity, options: { readonly includeUsage: boolean }): TimedEvent<ChatStreamEvent>[] {
  const chunk = (delta: ChatDelta, finishReason: FinishReason | null = null): ChatStreamEvent => ({
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    service_tier: 'auto',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  // Every chunk carries the call's own id: none is worth keeping for another call.
  const events: TimedEvent<ChatStreamEvent>[] = [{ atMs: plan.firstTokenAtMs, event: chunk({ role: 'assistant', content: '' }), unique: true }];
  let toolIndex = 0;
  for (const block of blocksSent(plan)) {
    switch (block.kind) {
      case 'text':
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: chunk({ content: delta.text }), unique: true });
        break;
      case 'reasoning':
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: chunk({ reasoning_content: delta.text }), unique: true });
        break;
      case 'tool_use': {
        const index = toolIndex;
        toolIndex += 1;
        const startAtMs = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? plan.firstTokenAtMs;
        events.push({ atMs: startAtMs, event: chunk({ tool_calls: [{ index, id: block.id ?? newToolCallId(), type: 'function', function: { name: block.name, arguments: '' } }] }), unique: true });
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: chunk({ tool_calls: [{ index, function: { arguments: delta.text } }] }), unique: true });
        break;
      }
    }
  }
  events.push({ atMs: plan.endAtMs, event: chunk({ content: null }, finishReasonOf(plan)), unique: true });
  if (options.includeUsage) {
    const { inputTokens, outputTokens } = plan.usage;
    events.push({
      atMs: plan.endAtMs,
      event: { id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, service_tier: 'auto', choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens } },
      unique: true,
    });
  }
  events.push({ atMs: plan.endAtMs, event: '[DONE]' });
  return events;
}

/**
 * The whole chat completion a plan answers (`stream` false): the message with
 * its text, `reasoning_content` and `tool_calls`, the finish reason and usage.
 */
export function joinChatCompletion(plan: ResponsePlan, identity: ChatIdentity): object {
  const text = plan.blocks.flatMap((block) => (block.kind === 'text' ? block.deltas.map((delta) => delta.text) : [])).join('');
  const reasoning = plan.blocks.flatMap((block) => (block.kind === 'reasoning' ? block.deltas.map((delta) => delta.text) : [])).join('');
  const toolCalls = plan.blocks.flatMap((block) =>
    block.kind === 'tool_use' ? [{ id: block.id ?? newToolCallId(), type: 'function', function: { name: block.name, arguments: block.deltas.map((delta) => delta.text).join('') } }] : [],
  );
  const { inputTokens, outputTokens } = plan.usage;
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    service_tier: 'auto',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(reasoning === '' ? {} : { reasoning_content: reasoning }), ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }) },
        logprobs: null,
        finish_reason: finishReasonOf(plan),
      },
    ],
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}
