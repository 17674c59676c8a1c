import type { ImageSize, MediaContent, NormalizedContent, NormalizedTool, ParsedRequest } from '../fixtures/request.ts';
import { countTokens } from './tokenize.ts';

/**
 * What a model family counts in a prompt besides its words
 * (docs/token-counts.md): the tokens its prompt template adds, what an
 * image costs, and the system prompt it adds when a request offers tools.
 * Each family's rules are in `apis/invoke-model/format/token-counting.ts`.
 */
export type TokenCounting = {
  /**
   * Tokens the template adds: once per request, once per message (the
   * turn's marker), and once for the turn the model is asked to write (when
   * the last message is not the assistant's own, which it would continue).
   */
  readonly framing: { readonly request: number; readonly message: number; readonly reply: number };
  /** An image's tokens, from its size in pixels. */
  imageTokens(size: ImageSize): number;
  /** An image whose size is unknown: an S3 or URL source, or bytes of no format the emulator reads. */
  readonly unknownImageTokens: number;
  /** The system prompt the model adds when a request offers tools, by whether its tool choice forces a call. */
  toolPromptTokens(forced: boolean): number;
};

/**
 * Counting with no template, no tool prompt, and a flat 1,600 per image:
 * what `planResponse` falls back on when it is not given the request's count
 * (the emulator always gives it).
 */
export const flatCounting: TokenCounting = {
  framing: { request: 0, message: 0, reply: 0 },
  imageTokens: () => 1600,
  unknownImageTokens: 1600,
  toolPromptTokens: () => 0,
};

/**
 * Tokens a document counts for when the emulator does not read its text (a
 * PDF, per page; a Word or Excel file, an S3 location): the low end of the
 * 1,500–3,000 a page of text takes, in Anthropic's PDF support page.
 */
const documentPageTokens = 1500;

/** Video, audio and the other blocks the emulator does not size. */
const unsizedBlockTokens = 1600;

/**
 * The input tokens the emulator reports for a request, counted by the
 * model family's rules: the words (see `tokenize`) of the system prompt,
 * every message's text, reasoning, tool calls and tool results, and the tool
 * definitions' JSON; images by their size and documents by their text or
 * pages; the family's template and tool prompt. At least 1. The one count
 * behind CountTokens, every API's usage and the token quotas.
 *
 * @example
 * estimateInputTokens(request, flatCounting) // e.g. 12
 */
export function estimateInputTokens(request: ParsedRequest, counting: TokenCounting): number {
  let total = countTokens(request.system) + counting.framing.request;
  for (const message of request.messages) {
    total += counting.framing.message;
    for (const part of message.content) total += contentTokens(part, counting);
  }
  if (request.messages.at(-1)?.role !== 'assistant') total += counting.framing.reply;
  for (const tool of request.tools) total += toolTokens(tool);
  if (request.tools.length > 0) total += counting.toolPromptTokens(request.forcedTool !== undefined);
  return Math.max(1, total);
}

/** The tokens a tool definition counts for: its name, description and input schema's JSON. */
export function toolTokens(tool: NormalizedTool): number {
  return countTokens(`${tool.name} ${tool.description} ${JSON.stringify(tool.inputSchema) ?? ''}`);
}

/** The tokens one content block counts for, by the family's rules for images. */
export function contentTokens(part: NormalizedContent, counting: TokenCounting): number {
  switch (part.kind) {
    case 'text':
    case 'reasoning':
      return countTokens(part.text);
    case 'tool_use':
      return countTokens(`${part.name} ${JSON.stringify(part.input) ?? ''}`);
    case 'tool_result':
      return countTokens(part.text) + (part.media ?? []).reduce((sum, media) => sum + mediaTokens(media, counting), 0);
    case 'image':
    case 'document':
      return mediaTokens(part, counting);
    case 'other':
      return unsizedBlockTokens;
  }
}

function mediaTokens(media: MediaContent, counting: TokenCounting): number {
  if (media.kind === 'image') return media.size === undefined ? counting.unknownImageTokens : counting.imageTokens(media.size);
  return media.text === undefined ? (media.pages ?? 1) * documentPageTokens : countTokens(media.text);
}
