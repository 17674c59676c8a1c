import { randomId } from '../../core/ids.ts';
import { deltasText, blocksWithContent, type ResponsePlan } from '../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../core/planning/timeline.ts';

/** One Responses API streaming event: its `type`, its `sequence_number`, its fields. */
export type ResponsesEvent = { readonly type: string; readonly sequence_number: number } & Readonly<Record<string, unknown>>;

type OutputItem = Readonly<Record<string, unknown>> & { readonly type: string; readonly id: string };

/** What every event of one response says about it: its id, creation time, model, and the request's echoes. */
type ResponseIdentity = { readonly id: string; readonly createdAt: number; readonly model: string; readonly instructions: string | null; readonly tools: readonly unknown[] };

export const newResponseIdentity = (model: string, nowMs: number, instructions: string | null, tools: readonly unknown[]): ResponseIdentity => ({
  id: randomId('resp_', 48),
  createdAt: Math.floor(nowMs / 1000),
  model,
  instructions,
  tools,
});

/** The items of the answer, complete: reasoning, messages with their text, function calls with their arguments. */
function outputItems(plan: ResponsePlan, ids: readonly string[], callIds: readonly string[]): OutputItem[] {
  return blocksWithContent(plan).map((block, index): OutputItem => {
    const id = ids[index] ?? '';
    const text = deltasText(block.deltas);
    switch (block.kind) {
      case 'reasoning':
        return { type: 'reasoning', id, summary: [], content: [{ type: 'reasoning_text', text }] };
      case 'text':
        return { type: 'message', id, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
      case 'tool_use':
        return { type: 'function_call', id, call_id: callIds[index] ?? '', name: block.name, arguments: text, status: 'completed' };
    }
  });
}

/** The response object: `in_progress` with no output yet, or as it ended, with its output and usage. */
function responseObject(plan: ResponsePlan, identity: ResponseIdentity, output: readonly OutputItem[] | undefined): Record<string, unknown> {
  const incomplete = plan.stopReason === 'max_tokens' || plan.stopReason === 'model_context_window_exceeded';
  const { outputTokens, cache } = plan.usage;
  // The Responses API counts all the input, and says how much of it the prompt cache supplied.
  const inputTokens = plan.usage.inputTokens + (cache === undefined ? 0 : cache.readTokens + cache.writeTokens);
  const reasoningTokens = 0;
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: output === undefined ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: output !== undefined && incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: identity.instructions,
    model: identity.model,
    output: output ?? [],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: identity.tools,
    usage:
      output === undefined
        ? null
        : { input_tokens: inputTokens, input_tokens_details: { cached_tokens: cache?.readTokens ?? 0 }, output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: reasoningTokens }, total_tokens: inputTokens + outputTokens },
  };
}

/**
 * The Responses API's server-sent events for a plan: `response.created` and
 * `response.in_progress`; per output item `response.output_item.added`, its
 * deltas (`response.output_text.delta`, `response.reasoning_text.delta`,
 * `response.function_call_arguments.delta`, each as cut) and their `.done`
 * events, `response.output_item.done`; then `response.completed` (or
 * `response.incomplete` when the answer was cut at `max_output_tokens`).
 *
 * @example
 * renderResponsesStream(plan, newResponseIdentity(model, epochMsOf(clock), null, []))
 */
export function renderResponsesStream(plan: ResponsePlan, identity: ResponseIdentity): TimedEvent<ResponsesEvent>[] {
  const blocks = blocksWithContent(plan);
  const ids = blocks.map((block) => randomId(block.kind === 'reasoning' ? 'rs_' : block.kind === 'text' ? 'msg_' : 'fc_', 48));
  const callIds = blocks.map((block) => (block.kind === 'tool_use' ? (block.id ?? randomId('call_', 24)) : ''));
  const items = outputItems(plan, ids, callIds);
  const events: TimedEvent<ResponsesEvent>[] = [];
  let sequence = 0;
  // Every event names the response (its fresh id): none is worth keeping for another call.
  const emit = (atMs: number, type: string, fields: Record<string, unknown>): void => {
    events.push({ atMs, event: { type, sequence_number: sequence, ...fields }, unique: true });
    sequence += 1;
  };
  const start = plan.firstTokenAtMs;
  emit(start, 'response.created', { response: responseObject(plan, identity, undefined) });
  emit(start, 'response.in_progress', { response: responseObject(plan, identity, undefined) });
  blocks.forEach((block, output_index) => {
    const item = items[output_index] as OutputItem;
    const item_id = item.id;
    const firstAt = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? start;
    const lastAt = block.deltas.at(-1)?.atMs ?? firstAt;
    const text = deltasText(block.deltas);
    switch (block.kind) {
      case 'reasoning':
        emit(firstAt, 'response.output_item.added', { output_index, item: { type: 'reasoning', id: item_id, summary: [] } });
        for (const delta of block.deltas) emit(delta.atMs, 'response.reasoning_text.delta', { item_id, output_index, content_index: 0, delta: delta.text });
        emit(lastAt, 'response.reasoning_text.done', { item_id, output_index, content_index: 0, text });
        break;
      case 'text': {
        emit(firstAt, 'response.output_item.added', { output_index, item: { type: 'message', id: item_id, status: 'in_progress', role: 'assistant', content: [] } });
        emit(firstAt, 'response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
        for (const delta of block.deltas) emit(delta.atMs, 'response.output_text.delta', { item_id, output_index, content_index: 0, delta: delta.text, logprobs: [] });
        emit(lastAt, 'response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
        emit(lastAt, 'response.content_part.done', { item_id, output_index, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
        break;
      }
      case 'tool_use':
        emit(firstAt, 'response.output_item.added', { output_index, item: { type: 'function_call', id: item_id, call_id: callIds[output_index], name: block.name, arguments: '', status: 'in_progress' } });
        for (const delta of block.deltas) emit(delta.atMs, 'response.function_call_arguments.delta', { item_id, output_index, delta: delta.text });
        emit(lastAt, 'response.function_call_arguments.done', { item_id, output_index, arguments: text });
        break;
    }
    emit(lastAt, 'response.output_item.done', { output_index, item });
  });
  const final = responseObject(plan, identity, items);
  emit(plan.endAtMs, final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  return events;
}

/** The whole response (`stream` false): the object `response.completed` carries. */
export function joinResponse(events: readonly TimedEvent<ResponsesEvent>[]): object {
  const last = events.at(-1)?.event;
  return (last?.response ?? {});
}
