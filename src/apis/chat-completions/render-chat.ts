import type { StopReason } from '../../core/fixtures/fixture-schema.ts';
import { randomId } from '../../core/ids.ts';
import { deltasText, blocksWithContent, type PlannedUsage, type ResponsePlan } from '../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../core/planning/timeline.ts';

type ToolCallDelta = { readonly index: number; readonly id?: string; readonly type?: 'function'; readonly function: { readonly name?: string; readonly arguments: string } };
type ChatDelta = { readonly role?: 'assistant'; readonly content?: string | null; readonly reasoning_content?: string; readonly tool_calls?: readonly ToolCallDelta[] };

type Usage = { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number; readonly prompt_tokens_details?: { readonly cached_tokens: number } };

/** OpenAI's usage: `prompt_tokens` counts all the input, the part read from the prompt cache in `prompt_tokens_details` when a cache was in play. */
function chatUsage(usage: PlannedUsage): Usage {
  const { inputTokens, outputTokens, cache } = usage;
  const promptTokens = inputTokens + (cache === undefined ? 0 : cache.readTokens + cache.writeTokens);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: outputTokens,
    total_tokens: promptTokens + outputTokens,
    ...(cache === undefined ? {} : { prompt_tokens_details: { cached_tokens: cache.readTokens } }),
  };
}

/** One `data:` event of a streamed chat completion: a chunk, or the closing `[DONE]`. */
export type ChatStreamEvent =
  | {
      readonly id: string;
      readonly object: 'chat.completion.chunk';
      readonly created: number;
      readonly model: string;
      readonly service_tier: 'auto' | 'default';
      readonly choices: readonly { readonly index: 0; readonly delta: ChatDelta; readonly logprobs: null; readonly finish_reason: FinishReason | null }[];
      readonly usage?: Usage;
      readonly 'amazon-bedrock-invocationMetrics'?: object;
    }
  | '[DONE]';

/**
 * Where the chat format is answered: the OpenAI-compatible endpoints
 * (`reasoning_content`, a `[DONE]` at the end, `service_tier: "auto"`), or
 * InvokeModel for OpenAI's models on Bedrock (reasoning inline in
 * `<reasoning>` tags, Bedrock's metrics on the last chunk, no `[DONE]`,
 * `service_tier: "default"`), where `invocationMetrics` makes them.
 */
type ChatStyle = { readonly includeUsage: boolean; readonly invokeModel: boolean; readonly invocationMetrics?: (plan: ResponsePlan) => object };

type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

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

const finishReasonOf = (plan: ResponsePlan): FinishReason => finishReasons[plan.stopReason];

const newToolCallId = (): string => randomId('call_', 24);

/** What the answer is said with: one id and creation time for every chunk of it, the model as asked. */
type ChatIdentity = { readonly id: string; readonly created: number; readonly model: string };

export const newChatIdentity = (model: string, nowMs: number): ChatIdentity => ({ id: randomId('chatcmpl-', 29), created: Math.floor(nowMs / 1000), model });

/**
 * The streamed chat completion for a plan: a first chunk with the role,
 * then a chunk per delta (`content`, `reasoning_content`, or a tool call's
 * `arguments`, the call's first chunk naming it), a last chunk with the
 * `finish_reason`, the usage chunk when `stream_options.include_usage` asked
 * for it, and `[DONE]`.
 *
 * @example
 * renderChatStream(plan, newChatIdentity(model, epochMsOf(clock)), { includeUsage: true })
 */
export function renderChatStream(plan: ResponsePlan, identity: ChatIdentity, style: ChatStyle): TimedEvent<ChatStreamEvent>[] {
  const serviceTier = style.invokeModel ? 'default' : 'auto';
  const chunk = (delta: ChatDelta, finishReason: FinishReason | null = null): Exclude<ChatStreamEvent, '[DONE]'> => ({
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    service_tier: serviceTier,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  // Every chunk carries the call's own id: none is worth keeping for another call.
  const events: TimedEvent<ChatStreamEvent>[] = [{ atMs: plan.firstTokenAtMs, event: chunk({ role: 'assistant', content: '' }), unique: true }];
  let toolIndex = 0;
  for (const block of blocksWithContent(plan)) {
    switch (block.kind) {
      case 'text':
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: chunk({ content: delta.text }), unique: true });
        break;
      case 'reasoning':
        block.deltas.forEach((delta, index) => {
          // On InvokeModel the reasoning is the content's opening, in <reasoning> tags.
          const inline = `${index === 0 ? '<reasoning>' : ''}${delta.text}${index === block.deltas.length - 1 ? '</reasoning>' : ''}`;
          events.push({ atMs: delta.atMs, event: chunk(style.invokeModel ? { content: inline } : { reasoning_content: delta.text }), unique: true });
        });
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
  const last = chunk(style.invokeModel ? {} : { content: null }, finishReasonOf(plan));
  events.push({ atMs: plan.endAtMs, event: style.invokeModel && style.invocationMetrics !== undefined ? { ...last, 'amazon-bedrock-invocationMetrics': style.invocationMetrics(plan) } : last, unique: true });
  if (style.includeUsage) {
    events.push({
      atMs: plan.endAtMs,
      event: { id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, service_tier: serviceTier, choices: [], usage: chatUsage(plan.usage) },
      unique: true,
    });
  }
  if (!style.invokeModel) events.push({ atMs: plan.endAtMs, event: '[DONE]' });
  return events;
}

/**
 * The whole chat completion a plan answers (`stream` false): the message with
 * its text, `reasoning_content` and `tool_calls`, the finish reason and usage.
 */
export function joinChatCompletion(plan: ResponsePlan, identity: ChatIdentity, style: ChatStyle = { includeUsage: false, invokeModel: false }): object {
  const text = plan.blocks.flatMap((block) => (block.kind === 'text' ? block.deltas.map((delta) => delta.text) : [])).join('');
  const reasoning = plan.blocks.flatMap((block) => (block.kind === 'reasoning' ? block.deltas.map((delta) => delta.text) : [])).join('');
  const toolCalls = plan.blocks.flatMap((block) =>
    block.kind === 'tool_use' ? [{ id: block.id ?? newToolCallId(), type: 'function', function: { name: block.name, arguments: deltasText(block.deltas) } }] : [],
  );
  const content = style.invokeModel && reasoning !== '' ? `<reasoning>${reasoning}</reasoning>${text}` : text;
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    service_tier: style.invokeModel ? 'default' : 'auto',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: content === '' && toolCalls.length > 0 ? null : content,
          ...(reasoning === '' || style.invokeModel ? {} : { reasoning_content: reasoning }),
          ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
        },
        logprobs: null,
        finish_reason: finishReasonOf(plan),
      },
    ],
    usage: chatUsage(plan.usage),
  };
}
