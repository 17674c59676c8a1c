import type { MediaContent } from '../fixtures/request.ts';
import { imageSizeOf } from './image-size.ts';
import { pdfPageCount } from './pdf-pages.ts';

/**
 * An image block as the token estimate sees it: its format as the request
 * names it, and its size read from its bytes (base64) when it carries them.
 *
 * @example
 * imageContent('png', base64) // { kind: 'image', format: 'png', size: { width: 640, height: 480 } }
 */
export function imageContent(format: string, base64: string | undefined): MediaContent {
  return { kind: 'image', format, size: base64 === undefined ? undefined : imageSizeOf(base64) };
}

/** Document formats whose bytes are text (Converse's names). */
const textFormats = new Set(['txt', 'md', 'csv', 'html']);

/**
 * A document block as the token estimate sees it: its text when the request
 * gives it as text (a text source, content chunks joined, or the bytes of a
 * text format), else a PDF's page count when its bytes show it.
 *
 * @example
 * documentContent('txt', { bytes: btoa('Refunds take 5 days.') }) // { kind: 'document', format: 'txt', text: 'Refunds take 5 days.', pages: undefined }
 */
export function documentContent(format: string, source: { readonly text?: string | undefined; readonly bytes?: string | undefined }): MediaContent {
  const { text, bytes } = source;
  if (text !== undefined) return { kind: 'document', format, text, pages: undefined };
  if (bytes !== undefined && textFormats.has(format)) {
    const decoded = decodeBase64Text(bytes);
    if (decoded !== undefined) return { kind: 'document', format, text: decoded, pages: undefined };
  }
  return { kind: 'document', format, text: undefined, pages: bytes !== undefined && format === 'pdf' ? pdfPageCount(bytes) : undefined };
}

/**
 * UTF-8 text from base64, or undefined for text that is not base64.
 *
 * @example
 * decodeBase64Text(btoa('hi')) // 'hi'
 */
export function decodeBase64Text(base64: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(base64), (character) => character.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
