import type { NormalizedContent, NormalizedTool, ParsedRequest } from '../fixtures/request.ts';
import { countTokens } from './tokenize.ts';

/**
 * Tokens an image or document counts for when the emulator cannot know its
 * size; Claude charges about (width × height) / 750, ~1,600 for a 1092×1092 image.
 */
const opaqueContentTokens = 1600;

/**
 * The input-token estimate the emulator reports for a request: the tokens
 * (see `tokenize`) of the system prompt, of every message's text, tool calls
 * and tool results, and of the tool definitions, plus an opaque amount for each
 * image or document. Documented in docs/fixtures.md; at least 1.
 *
 * @example
 * estimateInputTokens(request) // e.g. 12
 */
export function estimateInputTokens(request: ParsedRequest): number {
  let total = countTokens(request.system);
  for (const message of request.messages) {
    for (const part of message.content) total += contentTokens(part);
  }
  for (const tool of request.tools) total += toolTokens(tool);
  return Math.max(1, total);
}

/** The tokens a tool definition counts for: its name, description and input schema. */
export function toolTokens(tool: NormalizedTool): number {
  return countTokens(`${tool.name} ${tool.description} ${JSON.stringify(tool.inputSchema) ?? ''}`);
}

/** The tokens one content block counts for (an image or document: an opaque amount). */
export function contentTokens(part: NormalizedContent): number {
  switch (part.kind) {
    case 'text':
    case 'reasoning':
      return countTokens(part.text);
    case 'tool_use':
      return countTokens(`${part.name} ${JSON.stringify(part.input) ?? ''}`);
    case 'tool_result':
      return countTokens(part.text);
    case 'other':
      return opaqueContentTokens;
  }
}
