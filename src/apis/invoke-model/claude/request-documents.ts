import type { RequestDocument } from '../../../core/fixtures/request.ts';
import type { AnthropicRequest } from './request-schema.ts';

/**
 * The `document` blocks of a Claude Messages body, in message order (the
 * order `document_index` counts in), with the text a citation can point
 * into: a `text` source (`char_location`), a `content` source's blocks
 * (`content_block_location`); a PDF, a URL or a file only by page.
 *
 * @example
 * claudeDocuments(request)[0] // { index: 0, title: 'Policy', citations: true, source: { kind: 'text', text: '…' } }
 */
export function claudeDocuments(request: AnthropicRequest): RequestDocument[] | undefined {
  const documents: RequestDocument[] = [];
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type !== 'document') continue;
      const fields = block as Record<string, unknown>;
      const citations = fields['citations'];
      documents.push({
        index: documents.length,
        title: typeof fields['title'] === 'string' ? fields['title'] : undefined,
        citations: citations !== null && typeof citations === 'object' && (citations as Record<string, unknown>)['enabled'] === true,
        source: sourceOf(fields['source']),
      });
    }
  }
  return documents.length === 0 ? undefined : documents;
}

function sourceOf(source: unknown): RequestDocument['source'] {
  const fields = (source ?? {}) as Record<string, unknown>;
  if (fields['type'] === 'text' && typeof fields['data'] === 'string') return { kind: 'text', text: fields['data'] };
  if (fields['type'] === 'content') {
    const content = fields['content'];
    if (typeof content === 'string') return { kind: 'chunks', chunks: [content] };
    if (Array.isArray(content)) return { kind: 'chunks', chunks: content.map((part: unknown) => textOf((part as Record<string, unknown> | null)?.['text'])) };
  }
  return { kind: 'opaque', format: typeof fields['media_type'] === 'string' ? fields['media_type'] : textOf(fields['type']) || 'unknown' };
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
