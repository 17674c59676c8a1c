import type { StopReason } from '../../core/fixtures/fixture-schema.ts';
import { stringOr, textOf, type RecordedReader } from '../../core/recording/recorded-answer.ts';

/** Chat Completions' finish reasons as the fixture's stop reasons. */
const fromFinishReason: Readonly<Record<string, StopReason>> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'content_filtered' };

/** Slots for the blocks a chat chunk does not number: text and reasoning; tool calls keep their own index. */
const textSlot = -1;
const reasoningSlot = -2;

/**
 * A chat completion read back from a recording: its chunks
 * (`choices[0].delta` — content, reasoning_content, tool_calls —,
 * `finish_reason`, `usage`), or the whole completion.
 *
 * @example
 * chatCompletionsReader.readEvent('', { choices: [{ delta: { content: 'Hi' } }] }, 120, builder);
 */
export const chatCompletionsReader: RecordedReader = {
  readEvent(_eventType, chunk, atMs, builder) {
    const { answer } = builder;
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as Record<string, unknown> | undefined;
    const delta = (choice?.delta ?? {}) as Record<string, unknown>;
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') builder.addText(builder.blockAt(reasoningSlot, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.reasoning_content, atMs);
    if (typeof delta.content === 'string' && delta.content !== '') builder.addText(builder.blockAt(textSlot, () => ({ kind: 'text', deltas: [], citations: [] })), delta.content, atMs);
    for (const call of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Record<string, unknown>[]) : []) {
      const fn = (call.function ?? {}) as Record<string, unknown>;
      const block = builder.blockAt(typeof call.index === 'number' ? call.index : 0, () => ({ kind: 'toolUse', id: stringOr(call.id), name: textOf(fn.name), json: '', input: undefined }));
      if (typeof fn.arguments === 'string' && fn.arguments !== '') builder.addJson(block, fn.arguments, atMs);
    }
    if (typeof choice?.finish_reason === 'string') answer.stopReason = fromFinishReason[choice.finish_reason] ?? 'end_turn';
    readUsage(chunk, answer.usage);
  },
  readBody(body, builder) {
    const { answer } = builder;
    const choice = (Array.isArray(body.choices) ? body.choices[0] : {}) as Record<string, unknown>;
    const message = (choice.message ?? {}) as Record<string, unknown>;
    if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') builder.add({ kind: 'reasoning', deltas: [message.reasoning_content], signature: undefined });
    if (typeof message.content === 'string' && message.content !== '') builder.add({ kind: 'text', deltas: [message.content], citations: [] });
    for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as Record<string, unknown>[]) : []) {
      const fn = (call.function ?? {}) as Record<string, unknown>;
      builder.add({ kind: 'toolUse', id: stringOr(call.id), name: textOf(fn.name), json: typeof fn.arguments === 'string' ? fn.arguments : '', input: undefined });
    }
    answer.stopReason = typeof choice.finish_reason === 'string' ? (fromFinishReason[choice.finish_reason] ?? 'end_turn') : undefined;
    readUsage(body, answer.usage);
  },
};

function readUsage(holder: Record<string, unknown>, usage: { inputTokens?: number; outputTokens?: number }): void {
  const reported = (holder.usage ?? {}) as Record<string, unknown>;
  if (typeof reported.prompt_tokens === 'number') usage.inputTokens = reported.prompt_tokens;
  if (typeof reported.completion_tokens === 'number') usage.outputTokens = reported.completion_tokens;
}
