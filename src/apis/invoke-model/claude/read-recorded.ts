import type { FixtureCitation } from '../../../core/fixtures/fixture-schema.ts';
import { isStopReason, numberOr, objectOr, stringOr, textOf, type AnswerBuilder, type RecordedReader } from '../../../core/recording/recorded-answer.ts';

/**
 * Claude's answer read back from a recording: its Messages stream events
 * (`message_start`, the blocks' starts and deltas, `message_delta`), as
 * InvokeModelWithResponseStream's chunks carry them and as the Anthropic
 * Messages API sends them as server-sent events; and a whole message.
 *
 * @example
 * claudeReader.readEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }, 120, builder);
 */
export const claudeReader: RecordedReader = {
  readEvent: (_eventType, event, atMs, builder) => readClaudeEvent(event, atMs, builder),
  readBody(body, builder) {
    for (const part of Array.isArray(body.content) ? (body.content as Record<string, unknown>[]) : []) {
      if (part.type === 'text' && typeof part.text === 'string') builder.add({ kind: 'text', deltas: [part.text], citations: claudeCitations(part.citations) });
      else if (part.type === 'redacted_thinking' && typeof part.data === 'string') builder.add({ kind: 'redactedReasoning', data: part.data });
      else if (part.type === 'tool_use') builder.add({ kind: 'toolUse', id: stringOr(part.id), name: textOf(part.name), json: '', input: objectOr(part.input) });
      else if (part.type === 'thinking' && typeof part.thinking === 'string') builder.add({ kind: 'reasoning', deltas: [part.thinking], signature: stringOr(part.signature) });
    }
    const { answer } = builder;
    if (isStopReason(body.stop_reason)) answer.stopReason = body.stop_reason;
    const usage = (body.usage ?? {}) as Record<string, unknown>;
    if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
    if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
  },
};

function readClaudeEvent(event: Record<string, unknown>, atMs: number, builder: AnswerBuilder): void {
  const { answer } = builder;
  const index = typeof event.index === 'number' ? event.index : 0;
  switch (event.type) {
    case 'message_start': {
      const usage = ((event.message as Record<string, unknown> | undefined)?.usage ?? {}) as Record<string, unknown>;
      if (typeof usage.input_tokens === 'number') answer.usage.inputTokens = usage.input_tokens;
      return;
    }
    case 'content_block_start': {
      const block = (event.content_block ?? {}) as Record<string, unknown>;
      if (block.type === 'tool_use') builder.blockAt(index, () => ({ kind: 'toolUse', id: stringOr(block.id), name: textOf(block.name), json: '', input: undefined }));
      else if (block.type === 'thinking') builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined }));
      else if (block.type === 'text') builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] }));
      else if (block.type === 'redacted_thinking' && typeof block.data === 'string') builder.addRedacted(builder.blockAt(index, () => ({ kind: 'redactedReasoning', data: '' })), block.data, atMs);
      return;
    }
    case 'content_block_delta': {
      const delta = (event.delta ?? {}) as Record<string, unknown>;
      if (delta.type === 'text_delta' && typeof delta.text === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), delta.text, atMs);
      else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') builder.addJson(builder.blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), delta.partial_json, atMs);
      else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.thinking, atMs);
      else if (delta.type === 'signature_delta' && typeof delta.signature === 'string') builder.addSignature(builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), delta.signature, atMs);
      else if (delta.type === 'citations_delta') builder.addCitations(builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), claudeCitations([delta.citation]));
      return;
    }
    case 'message_delta': {
      const stop = ((event.delta ?? {}) as Record<string, unknown>).stop_reason;
      if (isStopReason(stop)) answer.stopReason = stop;
      const usage = (event.usage ?? {}) as Record<string, unknown>;
      if (typeof usage.output_tokens === 'number') answer.usage.outputTokens = usage.output_tokens;
      return;
    }
    default:
      return;
  }
}

/**
 * Claude's citations as the fixture's: the document by its index, the
 * quote, and the location exactly as recorded (characters, pages, blocks).
 */
function claudeCitations(citations: unknown): FixtureCitation[] {
  if (!Array.isArray(citations)) return [];
  return (citations as unknown[]).flatMap((value): FixtureCitation[] => {
    const citation = (value ?? {}) as Record<string, unknown>;
    const document = numberOr(citation.document_index, 0);
    const quote = textOf(citation.cited_text);
    if (quote === '') return [];
    const span = (start: unknown, end: unknown) => ({ start: numberOr(start, 0), end: numberOr(end, 0) });
    switch (citation.type) {
      case 'char_location':
        return [{ document, quote, location: { char: span(citation.start_char_index, citation.end_char_index) } }];
      case 'page_location':
        return [{ document, quote, location: { page: { start: Math.max(1, numberOr(citation.start_page_number, 1)), end: Math.max(1, numberOr(citation.end_page_number, 1)) } } }];
      case 'content_block_location':
        return [{ document, quote, location: { chunk: span(citation.start_block_index, citation.end_block_index) } }];
      default:
        // Web search and search-result citations point at no request document: not kept.
        return [];
    }
  });
}
