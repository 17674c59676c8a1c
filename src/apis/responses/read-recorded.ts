import { stringOr, textOf, type RecordedAnswer, type RecordedReader } from '../../core/recording/recorded-answer.ts';

/**
 * A Responses API answer read back from a recording: its events (text,
 * reasoning and function-call argument deltas by output index; the usage
 * at the end), or the whole response object.
 *
 * @example
 * responsesReader.readEvent('response.output_text.delta', { type: 'response.output_text.delta', output_index: 0, delta: 'Hi' }, 120, builder);
 */
export const responsesReader: RecordedReader = {
  readEvent(_eventType, event, atMs, builder) {
    const index = typeof event.output_index === 'number' ? event.output_index : 0;
    const item = (event.item ?? {}) as Record<string, unknown>;
    switch (event.type) {
      case 'response.output_item.added':
        if (item.type === 'function_call') builder.blockAt(index, () => ({ kind: 'toolUse', id: stringOr(item.call_id), name: textOf(item.name), json: '', input: undefined }));
        return;
      case 'response.output_text.delta':
        if (typeof event.delta === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), event.delta, atMs);
        return;
      case 'response.reasoning_text.delta':
        if (typeof event.delta === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), event.delta, atMs);
        return;
      case 'response.function_call_arguments.delta':
        if (typeof event.delta === 'string') builder.addJson(builder.blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), event.delta, atMs);
        return;
      case 'response.completed':
      case 'response.incomplete':
        readResponseEnd((event.response ?? {}) as Record<string, unknown>, builder.answer);
        return;
      default:
        return;
    }
  },
  readBody(body, builder) {
    for (const item of Array.isArray(body.output) ? (body.output as Record<string, unknown>[]) : []) {
      const parts = Array.isArray(item.content) ? (item.content as Record<string, unknown>[]) : [];
      const text = parts.map((part) => textOf(part.text)).join('');
      if (item.type === 'message') builder.add({ kind: 'text', deltas: [text], citations: [] });
      else if (item.type === 'reasoning') builder.add({ kind: 'reasoning', deltas: [text], signature: undefined });
      else if (item.type === 'function_call') builder.add({ kind: 'toolUse', id: stringOr(item.call_id), name: textOf(item.name), json: textOf(item.arguments), input: undefined });
    }
    readResponseEnd(body, builder.answer);
  },
};

/** A response object's stop and usage: incomplete is a cut at the token limit; a function call is a tool use. */
function readResponseEnd(response: Record<string, unknown>, answer: RecordedAnswer): void {
  const output = Array.isArray(response.output) ? (response.output as Record<string, unknown>[]) : [];
  answer.stopReason = response.status === 'incomplete' ? 'max_tokens' : output.some((entry) => entry.type === 'function_call') ? 'tool_use' : 'end_turn';
  const usage = (response.usage ?? {}) as Record<string, unknown>;
  if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
  if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
}
