import type { MediaContent } from '../../../core/fixtures/request.ts';
import { documentContent, imageContent } from '../../../core/planning/media-content.ts';

/** A content block of Converse's shape (Converse, and Nova's own body): an `image` or `document` member with a `format` and a `source`. */
type MediaBlock = { readonly [member: string]: unknown };

/**
 * The image or document a Converse-shaped block carries, as the token
 * estimate sees it: `source.bytes` (base64 on the wire), a document's
 * `source.text` or `source.content` chunks; an `s3Location` holds neither.
 * Undefined for a block that is neither.
 *
 * @example
 * mediaOfBlock({ image: { format: 'png', source: { bytes } } }) // { kind: 'image', format: 'png', size: { width: 640, height: 480 } }
 */
export function mediaOfBlock(block: MediaBlock): MediaContent | undefined {
  const member = (block['image'] ?? block['document']) as { readonly format?: unknown; readonly source?: unknown } | null | undefined;
  if (member === undefined || member === null || typeof member !== 'object') return undefined;
  const format = typeof member.format === 'string' ? member.format : 'unknown';
  const source = (member.source ?? {}) as Record<string, unknown>;
  const bytes = typeof source['bytes'] === 'string' ? source['bytes'] : undefined;
  if (block['image'] !== undefined) return imageContent(format, bytes);
  if (typeof source['text'] === 'string') return documentContent(format, { text: source['text'] });
  if (Array.isArray(source['content'])) return documentContent(format, { text: source['content'].map((part: Record<string, unknown> | null) => (typeof part?.['text'] === 'string' ? part['text'] : '')).join('\n') });
  return documentContent(format, { bytes });
}

/**
 * A Converse-shaped tool result's parts: its text and JSON parts as one
 * text (JSON written out, as fixtures match it), its images and documents
 * apart, so they count by their size rather than their base64.
 *
 * @example
 * toolResultParts([{ text: 'Saved.' }, { image: { format: 'png', source: { bytes } } }]) // { text: 'Saved.', media: [{ kind: 'image', … }] }
 */
export function toolResultParts(parts: readonly (MediaBlock & { readonly text?: string | undefined; readonly json?: unknown })[]): { text: string; media?: MediaContent[] } {
  const texts: string[] = [];
  const media: MediaContent[] = [];
  for (const part of parts) {
    const attached = part.text === undefined && part.json === undefined ? mediaOfBlock(part) : undefined;
    if (attached === undefined) texts.push(part.text ?? JSON.stringify(part.json ?? part));
    else media.push(attached);
  }
  return media.length === 0 ? { text: texts.join('\n') } : { text: texts.join('\n'), media };
}
