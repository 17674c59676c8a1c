import type { RequestDocument } from '../../core/fixtures/request.ts';
import { decodeBase64Text } from '../../core/planning/media-content.ts';
import type { ConverseRequest } from './request-schema.ts';

/** Document formats whose bytes are text a citation can point into by character. */
const textFormats = new Set(['txt', 'md', 'csv', 'html']);

/**
 * The documents of a Converse request, in message order (the order
 * `documentIndex` counts in — inferred: the service model says "the index of
 * the document within the array of documents provided in the request"),
 * with the text a citation can point into: a `text` source, text formats'
 * `bytes` (base64 on the wire), or `content` blocks as chunks.
 *
 * @example
 * converseDocuments(request)[0] // { index: 0, title: 'policy', citations: true, source: { kind: 'text', text: '…' } }
 */
export function converseDocuments(request: ConverseRequest): RequestDocument[] | undefined {
  const documents: RequestDocument[] = [];
  for (const message of request.messages) {
    for (const block of message.content) {
      const document = block.document;
      if (document === undefined) continue;
      documents.push({ index: documents.length, title: document.name, citations: citationsEnabled(document['citations']), source: sourceOf(document.source, document.format) });
    }
  }
  return documents.length === 0 ? undefined : documents;
}

function citationsEnabled(config: unknown): boolean {
  return config !== null && typeof config === 'object' && (config as Record<string, unknown>)['enabled'] === true;
}

function sourceOf(source: Record<string, unknown>, format: string | undefined): RequestDocument['source'] {
  const { text, bytes, content } = source;
  if (typeof text === 'string') return { kind: 'text', text };
  if (Array.isArray(content)) return { kind: 'chunks', chunks: content.map((part: unknown) => (part !== null && typeof part === 'object' && typeof (part as Record<string, unknown>)['text'] === 'string' ? String((part as Record<string, unknown>)['text']) : '')) };
  if (typeof bytes === 'string' && format !== undefined && textFormats.has(format)) {
    const decoded = decodeBase64Text(bytes);
    if (decoded !== undefined) return { kind: 'text', text: decoded };
  }
  return { kind: 'opaque', format: format ?? (source['s3Location'] === undefined ? 'unknown' : 's3') };
}
