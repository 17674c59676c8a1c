import type { FixtureCitation } from '../../core/fixtures/fixture-schema.ts';
import { isImageFormat, isStopReason, numberOr, objectOr, stringOr, textOf, toolResultParts, type ImageFormat, type RecordedBlock, type RecordedReader } from '../../core/recording/recorded-answer.ts';

/**
 * Converse's answer read back from a recording: ConverseStream's events
 * (`contentBlockStart`, `contentBlockDelta` of every kind, `messageStop`,
 * `metadata`), or Converse's whole `output.message`.
 *
 * @example
 * converseReader.readEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }, 120, builder);
 */
export const converseReader: RecordedReader = {
  readEvent(eventType, payload, atMs, builder) {
    const { answer } = builder;
    const index = typeof payload.contentBlockIndex === 'number' ? payload.contentBlockIndex : 0;
    switch (eventType) {
      case 'contentBlockStart': {
        const start = (payload.start ?? {}) as Record<string, Record<string, unknown> | undefined>;
        const { toolUse, toolResult, image } = start;
        if (toolUse !== undefined) builder.blockAt(index, () => ({ kind: 'toolUse', id: stringOr(toolUse.toolUseId), name: textOf(toolUse.name), json: '', input: undefined }));
        else if (toolResult !== undefined) builder.blockAt(index, () => ({ kind: 'toolResult', ...toolResultStart(toolResult), content: [] }));
        else if (image !== undefined && isImageFormat(image.format)) builder.blockAt(index, () => ({ kind: 'image', format: image.format as ImageFormat, data: '' }));
        return;
      }
      case 'contentBlockDelta': {
        const delta = (payload.delta ?? {}) as Record<string, unknown>;
        const toolUse = delta.toolUse as Record<string, unknown> | undefined;
        const reasoning = delta.reasoningContent as Record<string, unknown> | undefined;
        const source = (delta.image as Record<string, unknown> | undefined)?.source as Record<string, unknown> | undefined;
        if (typeof delta.text === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), delta.text, atMs);
        else if (typeof toolUse?.input === 'string') builder.addJson(builder.blockAt(index, () => ({ kind: 'toolUse', id: undefined, name: '', json: '', input: undefined })), toolUse.input, atMs);
        else if (typeof reasoning?.text === 'string') builder.addText(builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), reasoning.text, atMs);
        else if (typeof reasoning?.signature === 'string') builder.addSignature(builder.blockAt(index, () => ({ kind: 'reasoning', deltas: [], signature: undefined })), reasoning.signature, atMs);
        else if (typeof reasoning?.redactedContent === 'string') builder.addRedacted(builder.blockAt(index, () => ({ kind: 'redactedReasoning', data: '' })), reasoning.redactedContent, atMs);
        else if (delta.citation !== undefined) builder.addCitations(builder.blockAt(index, () => ({ kind: 'text', deltas: [], citations: [] })), converseCitations([delta.citation]));
        else if (Array.isArray(delta.toolResult)) builder.addToolResultParts(builder.blockAt(index, () => ({ kind: 'toolResult', toolUseId: undefined, type: undefined, status: undefined, content: [] })), delta.toolResult as unknown[], atMs);
        // An image's format comes in its contentBlockStart, which Bedrock always sends first; without one, png is assumed.
        else if (typeof source?.bytes === 'string') builder.addImageBytes(builder.blockAt(index, () => ({ kind: 'image', format: 'png', data: '' })), source.bytes, atMs);
        return;
      }
      case 'messageStop':
        if (isStopReason(payload.stopReason)) answer.stopReason = payload.stopReason;
        return;
      case 'metadata':
        readUsage(payload, answer.usage);
        return;
      default:
        return;
    }
  },
  readBody(body, builder) {
    const content = ((((body.output ?? {}) as Record<string, unknown>).message ?? {}) as Record<string, unknown>).content;
    for (const part of Array.isArray(content) ? (content as Record<string, unknown>[]) : []) {
      const block = wholeBlock(part);
      if (block !== undefined) builder.add(block);
    }
    if (isStopReason(body.stopReason)) builder.answer.stopReason = body.stopReason;
    readUsage(body, builder.answer.usage);
  },
};

/** One content block of Converse's whole message, as recorded. */
function wholeBlock(part: Record<string, unknown>): RecordedBlock | undefined {
  const toolUse = part.toolUse as Record<string, unknown> | undefined;
  const reasoningContent = part.reasoningContent as Record<string, unknown> | undefined;
  const reasoning = reasoningContent?.reasoningText as Record<string, unknown> | undefined;
  if (typeof part.text === 'string') return { kind: 'text', deltas: [part.text], citations: [] };
  if (toolUse !== undefined) return { kind: 'toolUse', id: stringOr(toolUse.toolUseId), name: textOf(toolUse.name), json: '', input: objectOr(toolUse.input) };
  if (typeof reasoning?.text === 'string') return { kind: 'reasoning', deltas: [reasoning.text], signature: stringOr(reasoning.signature) };
  if (typeof reasoningContent?.redactedContent === 'string') return { kind: 'redactedReasoning', data: reasoningContent.redactedContent };
  if (part.citationsContent !== undefined) return citedText(part.citationsContent as Record<string, unknown>);
  if (part.toolResult !== undefined) {
    const result = part.toolResult as Record<string, unknown>;
    return { kind: 'toolResult', ...toolResultStart(result), content: toolResultParts(Array.isArray(result.content) ? (result.content as unknown[]) : []) };
  }
  if (part.image !== undefined) {
    const image = part.image as Record<string, unknown>;
    const bytes = ((image.source ?? {}) as Record<string, unknown>).bytes;
    if (isImageFormat(image.format) && typeof bytes === 'string') return { kind: 'image', format: image.format, data: bytes };
  }
  return undefined;
}

function readUsage(holder: Record<string, unknown>, usage: { inputTokens?: number; outputTokens?: number }): void {
  const reported = (holder.usage ?? {}) as Record<string, unknown>;
  if (typeof reported.inputTokens === 'number') usage.inputTokens = reported.inputTokens;
  if (typeof reported.outputTokens === 'number') usage.outputTokens = reported.outputTokens;
}

function toolResultStart(start: Record<string, unknown>): { toolUseId: string | undefined; type: string | undefined; status: 'success' | 'error' | undefined } {
  return { toolUseId: stringOr(start.toolUseId), type: stringOr(start.type), status: start.status === 'success' || start.status === 'error' ? start.status : undefined };
}

/** Converse's citations (CitationsDelta, Citation) as the fixture's: the location's documentIndex, the source text, the location. */
function converseCitations(citations: unknown): FixtureCitation[] {
  if (!Array.isArray(citations)) return [];
  return (citations as unknown[]).flatMap((value): FixtureCitation[] => {
    const citation = (value ?? {}) as Record<string, unknown>;
    const quote = (Array.isArray(citation.sourceContent) ? (citation.sourceContent as Record<string, unknown>[]) : []).map((part) => textOf(part.text)).join('');
    const location = (citation.location ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const members = [
      ['documentChar', 'char'],
      ['documentPage', 'page'],
      ['documentChunk', 'chunk'],
    ] as const;
    for (const [member, kind] of members) {
      const at = location[member];
      if (at === undefined || quote === '') continue;
      const start = numberOr(at.start, kind === 'page' ? 1 : 0);
      const end = numberOr(at.end, start);
      const span = kind === 'page' ? { start: Math.max(1, start), end: Math.max(1, end) } : { start, end };
      const located: NonNullable<FixtureCitation['location']> = kind === 'char' ? { char: span } : kind === 'page' ? { page: span } : { chunk: span };
      return [{ document: numberOr(at.documentIndex, 0), quote, location: located }];
    }
    return [];
  });
}

/** A Converse citationsContent block as a text block with its citations. */
function citedText(block: Record<string, unknown>): RecordedBlock {
  const content = Array.isArray(block.content) ? (block.content as Record<string, unknown>[]) : [];
  return { kind: 'text', deltas: [content.map((part) => textOf(part.text)).join('')], citations: converseCitations(block.citations) };
}
