import { malformedInput } from '../../../core/errors/bedrock-exception.ts';
import { validateWithin } from '../../../core/errors/validate-within.ts';
import { forcedToolOf, type CachePrefix, type MediaContent, type NormalizedContent, type NormalizedMessage, type NormalizedTool, type Operation, type OutputSchema, type ParsedRequest } from '../../../core/fixtures/request.ts';
import { compileOutputSchema } from '../../../core/planning/structured-output.ts';
import { createCachePrefixBuilder } from '../../../core/planning/prompt-cache.ts';
import { documentContent, imageContent } from '../../../core/planning/media-content.ts';
import { tokenCountingOf } from '../format/token-counting.ts';
import { expandUnionIssues, formatValidationIssue } from '../format/format-validation-issue.ts';
import type { ModelId } from '../../model-ids/model-id.ts';
import { claudeDocuments } from './request-documents.ts';
import { anthropicRequestSchema, type AnthropicContentBlock, type AnthropicRequest } from './request-schema.ts';

/**
 * Validates a Claude Messages body like Bedrock does and normalizes it for
 * fixture matching. Throws a `ValidationException` naming the first wrong field.
 *
 * @example
 * parseAnthropicRequest({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }, 'InvokeModel', model)
 */
export function parseAnthropicRequest(body: unknown, operation: Operation, model: ModelId): ParsedRequest {
  const result = validateWithin(() => anthropicRequestSchema.safeParse(body));
  if (!result.success) {
    const [first] = expandUnionIssues(result.error.issues);
    throw malformedInput(first === undefined ? '#: invalid body' : formatValidationIssue(first, body));
  }
  const request = result.data;
  const tools = (request.tools ?? []).map((tool) => ({
    name: tool.name,
    description: typeof tool['description'] === 'string' ? tool['description'] : '',
    inputSchema: tool['input_schema'],
  }));
  const messages = request.messages.map(normalizeMessage);
  return {
    operation,
    model: { raw: model.raw, base: model.base },
    system: systemText(request.system),
    messages,
    maxTokens: request.max_tokens,
    stopSequences: request.stop_sequences ?? [],
    tools,
    thinking: isThinkingEnabled(request['thinking']),
    forcedTool: forcedToolOf(request.tool_choice),
    cachePrefix: cachePrefixOf(request, tools, messages, model),
    outputSchema: outputSchemaOf(request),
    documents: claudeDocuments(request),
  };
}

/**
 * Claude's structured output: `output_format` (the beta's name) or
 * `output_config.format`, `{"type": "json_schema", "schema": {…}}`.
 */
function outputSchemaOf(request: AnthropicRequest): OutputSchema | undefined {
  const [field, format] = request.output_format !== undefined ? ['output_format', request.output_format] : ['output_config/format', request.output_config?.format];
  if (format === undefined) return undefined;
  const compiled = compileOutputSchema(format.schema);
  if (compiled.kind === 'invalid') throw malformedInput(`#/${field}/schema: the JSON schema is not valid (${compiled.reason})`);
  return { schema: format.schema, name: undefined };
}

/** The prompt as the cache sees it: tools, system, then messages, a breakpoint after each block with `cache_control`. */
function cachePrefixOf(request: AnthropicRequest, tools: readonly NormalizedTool[], messages: readonly NormalizedMessage[], model: ModelId): CachePrefix | undefined {
  const builder = createCachePrefixBuilder(tokenCountingOf(model.base));
  (request.tools ?? []).forEach((tool, index) => {
    const normalized = tools[index];
    if (normalized !== undefined) builder.tool(normalized);
    if (tool.cache_control !== undefined) builder.breakpoint(tool.cache_control.ttl);
  });
  if (typeof request.system === 'string') builder.system(request.system);
  for (const block of Array.isArray(request.system) ? request.system : []) {
    builder.system(block.text);
    if (block.cache_control !== undefined) builder.breakpoint(block.cache_control.ttl);
  }
  request.messages.forEach((message, messageIndex) => {
    const blocks = typeof message.content === 'string' ? [] : message.content;
    (messages[messageIndex]?.content ?? []).forEach((part, blockIndex) => {
      builder.content(message.role, part);
      const control = blocks[blockIndex]?.cache_control;
      if (control !== undefined) builder.breakpoint(control.ttl);
    });
  });
  return builder.build();
}

/** `thinking: {"type": "enabled" | "adaptive", …}` asks Claude to reason before answering. */
function isThinkingEnabled(thinking: unknown): boolean {
  if (thinking === null || typeof thinking !== 'object') return false;
  const type = (thinking as Record<string, unknown>)['type'];
  return type === 'enabled' || type === 'adaptive';
}

function systemText(system: AnthropicRequest['system']): string {
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system.map((block) => block.text).join('\n');
}

function normalizeMessage(message: AnthropicRequest['messages'][number]): NormalizedMessage {
  const content = typeof message.content === 'string' ? [{ kind: 'text', text: message.content } as const] : message.content.map(normalizeBlock);
  return { role: message.role, content };
}

function normalizeBlock(block: AnthropicContentBlock): NormalizedContent {
  switch (block.type) {
    case 'text':
      return { kind: 'text', text: String(block['text']) };
    case 'tool_use':
      return { kind: 'tool_use', id: String(block['id']), name: String(block['name']), input: block['input'] };
    case 'tool_result':
      return { kind: 'tool_result', toolUseId: String(block['tool_use_id']), ...toolResultContent(block['content']), isError: block['is_error'] === true };
    case 'thinking':
      return { kind: 'reasoning', text: String(block['thinking']) };
    case 'image':
    case 'document':
      return claudeMedia(block);
    default:
      return { kind: 'other', type: block.type };
  }
}

function toolResultContent(content: unknown): { text: string; media?: MediaContent[] } {
  if (typeof content === 'string') return { text: content };
  if (!Array.isArray(content)) return { text: '' };
  const texts: string[] = [];
  const media: MediaContent[] = [];
  for (const part of content as Record<string, unknown>[]) {
    if (part['type'] === 'text') texts.push(String(part['text']));
    else if (part['type'] === 'image' || part['type'] === 'document') media.push(claudeMedia(part));
    else texts.push(JSON.stringify(part));
  }
  return media.length === 0 ? { text: texts.join('\n') } : { text: texts.join('\n'), media };
}

/**
 * An image or document block as the token estimate sees it: a base64
 * source's bytes, a text source's or content source's text; a URL or file
 * source holds neither.
 */
function claudeMedia(block: Record<string, unknown>): MediaContent {
  const source = (block['source'] ?? {}) as Record<string, unknown>;
  const mediaType = typeof source['media_type'] === 'string' ? source['media_type'] : '';
  const bytes = source['type'] === 'base64' && typeof source['data'] === 'string' ? source['data'] : undefined;
  if (block['type'] === 'image') return imageContent(mediaType.replace(/^image\//, '') || String(source['type']), bytes);
  if (source['type'] === 'text' && typeof source['data'] === 'string') return documentContent('txt', { text: source['data'] });
  if (source['type'] === 'content') return documentContent('content', { text: contentText(source['content']) });
  return documentContent(documentFormats[mediaType] ?? (mediaType || String(source['type'])), { bytes });
}

/** Claude's document media types, by Converse's format names. */
const documentFormats: Record<string, string> = { 'application/pdf': 'pdf', 'text/plain': 'txt' };

/** A content source's text: the string, or its text blocks joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part: Record<string, unknown> | null) => (part?.['type'] === 'text' && typeof part['text'] === 'string' ? [part['text']] : [])).join('\n');
}
