import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { validateWithin } from '../../core/errors/validate-within.ts';
import { forcedToolOf, type CachePrefix, type NormalizedContent, type NormalizedMessage, type Operation, type OutputSchema, type ParsedRequest } from '../../core/fixtures/request.ts';
import { compileOutputSchema } from '../../core/planning/structured-output.ts';
import { createCachePrefixBuilder } from '../../core/planning/prompt-cache.ts';
import type { ModelId } from '../model-ids/model-id.ts';
import { mediaOfBlock, toolResultParts } from '../invoke-model/format/media-blocks.ts';
import { tokenCountingOf } from '../invoke-model/format/token-counting.ts';
import { formatConverseIssues, servicePath } from './format-converse-issue.ts';
import { converseDocuments } from './request-documents.ts';
import { converseRequestSchema, type ConverseContentBlock, type ConverseRequest } from './request-schema.ts';

const toolChoiceMembers = ['auto', 'any', 'tool'];

/**
 * Validates a Converse body like Bedrock (the service's constraint messages
 * and its conversation rules) and normalizes it for fixture matching.
 * Throws a `ValidationException` that names the field.
 *
 * @example
 * parseConverseRequest({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }, 'Converse', model)
 */
export function parseConverseRequest(body: unknown, operation: Operation, model: ModelId): ParsedRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validation('The request body must be a JSON object.');
  }
  if (!('messages' in body)) {
    throw validation("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  }
  const result = validateWithin(() => converseRequestSchema.safeParse(body));
  if (!result.success) throw validation(formatConverseIssues(result.error.issues, body));
  const request = result.data;
  checkConversation(request);
  checkToolConfig(request);
  if (model.provider === 'anthropic') checkClaudeImageSizes(request);
  const tools = (request.toolConfig?.tools ?? []).flatMap((tool) =>
    tool.toolSpec === undefined ? [] : [{ name: tool.toolSpec.name, description: tool.toolSpec.description ?? '', inputSchema: tool.toolSpec.inputSchema.json }],
  );
  // Each block normalized once: an image's header and a document's text are read here, not again for the cache.
  const blocks = request.messages.map((message) => message.content.map((block) => (block.cachePoint === undefined ? normalizeBlock(block) : undefined)));
  const messages: NormalizedMessage[] = request.messages.map((message, index) => ({ role: message.role, content: (blocks[index] ?? []).filter((part) => part !== undefined) }));
  return {
    operation,
    model: { raw: model.raw, base: model.base },
    system: (request.system ?? []).flatMap((block) => (block.text === undefined ? [] : [block.text])).join('\n'),
    // A cache point is a marker, not content: it counts no tokens and matches nothing.
    messages,
    maxTokens: request.inferenceConfig?.maxTokens,
    stopSequences: request.inferenceConfig?.stopSequences ?? [],
    tools,
    thinking: isReasoningRequested(request.additionalModelRequestFields),
    forcedTool: forcedToolOf(request.toolConfig?.toolChoice),
    cachePrefix: cachePrefixOf(request, blocks, model),
    outputSchema: outputSchemaOf(request),
    responseOptions: {
      performanceLatency: request.performanceConfig?.latency,
      serviceTier: request.serviceTier?.type,
      additionalFieldPaths: checkedFieldPaths(request.additionalModelResponseFieldPaths),
    },
    documents: converseDocuments(request),
  };
}

/**
 * The structured output asked for: `outputConfig.textFormat` (a JSON text
 * holding a JSON Schema), or Claude's own `output_config.format` /
 * `output_format` passed through `additionalModelRequestFields` (as the
 * Vercel AI SDK sends it).
 */
function outputSchemaOf(request: ConverseRequest): OutputSchema | undefined {
  const jsonSchema = request.outputConfig?.textFormat?.structure.jsonSchema;
  if (jsonSchema === undefined) return claudeOutputSchema(request.additionalModelRequestFields);
  const field = 'outputConfig.textFormat.structure.jsonSchema.schema';
  let schema: unknown;
  try {
    schema = JSON.parse(jsonSchema.schema);
  } catch {
    throw validation(`The value at ${field} is not valid JSON. Provide a JSON Schema as a JSON string and try again.`);
  }
  const compiled = compileOutputSchema(schema);
  if (compiled.kind === 'invalid') throw validation(`The JSON schema at ${field} is not valid: ${compiled.reason}.`);
  return { schema: schema as Record<string, unknown>, name: jsonSchema.name };
}

function claudeOutputSchema(fields: Record<string, unknown> | undefined): OutputSchema | undefined {
  const config = fields?.['output_config'];
  const format = fields?.['output_format'] ?? (config !== null && typeof config === 'object' ? (config as Record<string, unknown>)['format'] : undefined);
  if (format === null || typeof format !== 'object' || (format as Record<string, unknown>)['type'] !== 'json_schema') return undefined;
  const schema = (format as Record<string, unknown>)['schema'];
  const compiled = compileOutputSchema(schema);
  if (compiled.kind === 'invalid') throw validation(`The JSON schema at additionalModelRequestFields.${fields?.['output_format'] === undefined ? 'output_config.format' : 'output_format'}.schema is not valid: ${compiled.reason}.`);
  return { schema: schema as Record<string, unknown>, name: undefined };
}

/** `additionalModelResponseFieldPaths` are JSON Pointers into the model's own response. */
function checkedFieldPaths(paths: readonly string[] | undefined): readonly string[] | undefined {
  paths?.forEach((path, index) => {
    if (!path.startsWith('/')) {
      throw validation(`The path at additionalModelResponseFieldPaths.${index} (${JSON.stringify(path)}) is not a JSON Pointer: start it with "/", e.g. "/stop_sequence".`);
    }
  });
  return paths;
}

/** The prompt as the cache sees it: tools, system, then messages, with a breakpoint at each `cachePoint`. */
function cachePrefixOf(request: ConverseRequest, blocks: readonly (readonly (NormalizedContent | undefined)[])[], model: ModelId): CachePrefix | undefined {
  const builder = createCachePrefixBuilder(tokenCountingOf(model.base));
  for (const tool of request.toolConfig?.tools ?? []) {
    if (tool.toolSpec !== undefined) builder.tool({ name: tool.toolSpec.name, description: tool.toolSpec.description ?? '', inputSchema: tool.toolSpec.inputSchema.json });
    if (tool.cachePoint !== undefined) builder.breakpoint(tool.cachePoint.ttl);
  }
  for (const block of request.system ?? []) {
    if (block.text !== undefined) builder.system(block.text);
    if (block.cachePoint !== undefined) builder.breakpoint(block.cachePoint.ttl);
  }
  request.messages.forEach((message, messageIndex) => {
    message.content.forEach((block, blockIndex) => {
      const part = blocks[messageIndex]?.[blockIndex];
      if (block.cachePoint !== undefined) builder.breakpoint(block.cachePoint.ttl);
      else if (part !== undefined) builder.content(message.role, part);
    });
  });
  return builder.build();
}

const validation = (message: string): BedrockException => new BedrockException('ValidationException', message);

/** The conversation rules Bedrock enforces before a model sees the request. */
function checkConversation(request: ConverseRequest): void {
  const [first] = request.messages;
  if (first === undefined || first.role !== 'user') {
    throw validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  }
  request.messages.forEach((message, index) => {
    if (index > 0 && request.messages[index - 1]?.role === message.role) {
      throw validation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    }
    if (message.content.length === 0) {
      throw validation(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    message.content.forEach((block, blockIndex) => {
      const members = Object.keys(block).filter((key) => block[key] !== undefined);
      if (members.length !== 1) {
        throw validation(
          `The ContentBlock at ${servicePath(['messages', index, 'content', blockIndex])} must set exactly one member (text, image, document, toolUse, toolResult, reasoningContent, …); it sets ${members.length === 0 ? 'none' : members.join(', ')}.`,
        );
      }
      checkUnionMember('ContentBlock', contentBlockMembers, members[0], ['messages', index, 'content', blockIndex]);
      checkDocumentName(block.document?.name, ['messages', index, 'content', blockIndex, 'document', 'name']);
    });
  });
  request.system?.forEach((block, index) => {
    for (const member of Object.keys(block)) checkUnionMember('SystemContentBlock', systemBlockMembers, member, ['system', index]);
  });
  request.toolConfig?.tools.forEach((tool, index) => {
    for (const member of Object.keys(tool)) checkUnionMember('Tool', toolMembers, member, ['toolConfig', 'tools', index]);
  });
}

/** The members of the service model's unions the emulator knows (client SDK 3.1164); another is refused, as a service that cannot deserialize it would. */
const contentBlockMembers = ['audio', 'cachePoint', 'citationsContent', 'document', 'guardContent', 'image', 'reasoningContent', 'searchResult', 'text', 'toolAddition', 'toolRemoval', 'toolResult', 'toolUse', 'video'];
const systemBlockMembers = ['cachePoint', 'guardContent', 'text'];
const toolMembers = ['cachePoint', 'systemTool', 'toolSpec'];

function checkUnionMember(union: string, known: readonly string[], member: string | undefined, path: readonly PropertyKey[]): void {
  if (member === undefined || known.includes(member)) return;
  throw validation(`The ${union} at ${servicePath(path)} has an unknown member "${member}". Use one of: ${known.join(', ')}.`);
}

/** Claude's limit on an image, measured on its base64 text as the request carries it. */
const claudeMaxImageBytes = 5 * 1024 * 1024;

/**
 * Claude refuses an image over 5 MB (of base64): Bedrock passes its words on,
 * as captured from Converse (`…image.source.bytes: image exceeds 5 MB maximum: 7167852 bytes > 5242880 bytes`).
 */
function checkClaudeImageSizes(request: ConverseRequest): void {
  request.messages.forEach((message, index) => {
    message.content.forEach((block, blockIndex) => {
      const bytes = (block.image?.source as { bytes?: unknown } | undefined)?.bytes;
      if (typeof bytes === 'string' && bytes.length > claudeMaxImageBytes) {
        throw validation(`The model returned the following errors: messages.${index}.content.${blockIndex}.image.source.bytes: image exceeds 5 MB maximum: ${bytes.length} bytes > ${claudeMaxImageBytes} bytes`);
      }
    });
  });
}

/** Bedrock's rule for document names (they reach the model as part of the prompt). */
function checkDocumentName(name: string | undefined, path: readonly PropertyKey[]): void {
  if (name === undefined) return;
  if (!/^[\p{L}\p{N}\s()[\]-]+$/u.test(name) || /\s\s/.test(name)) {
    throw validation(
      `The document file name at ${servicePath(path)} can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character.`,
    );
  }
}

function checkToolConfig(request: ConverseRequest): void {
  const usesTools = request.messages.some((message) => message.content.some((block) => block.toolUse !== undefined || block.toolResult !== undefined));
  if (usesTools && request.toolConfig === undefined) {
    throw validation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  }
  const choice = request.toolConfig?.toolChoice;
  if (choice === undefined) return;
  const members = Object.keys(choice);
  const [member] = members;
  if (members.length !== 1 || member === undefined || !toolChoiceMembers.includes(member)) {
    throw validation(`The value at toolConfig.toolChoice is not valid: expected exactly one of "auto", "any", "tool", got ${JSON.stringify(choice)}.`);
  }
  if (member === 'tool') {
    const name = (choice['tool'] as { name?: unknown } | undefined)?.name;
    const offered = (request.toolConfig?.tools ?? []).map((tool) => tool.toolSpec?.name);
    if (typeof name !== 'string' || !offered.includes(name)) {
      throw validation(`The tool named at toolConfig.toolChoice.tool.name (${JSON.stringify(name)}) is not one of the tools in toolConfig.tools.`);
    }
  }
}

function normalizeBlock(block: ConverseContentBlock): NormalizedContent {
  if (block.text !== undefined) return { kind: 'text', text: block.text };
  if (block.toolUse !== undefined) return { kind: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input };
  if (block.toolResult !== undefined) {
    return { kind: 'tool_result', toolUseId: block.toolResult.toolUseId, ...toolResultParts(block.toolResult.content), isError: block.toolResult.status === 'error' };
  }
  if (block.reasoningContent?.reasoningText !== undefined) return { kind: 'reasoning', text: block.reasoningContent.reasoningText.text };
  // Redacted reasoning passed back (reasoningContent.redactedContent) has no text to match on.
  if (block.reasoningContent?.redactedContent !== undefined) return { kind: 'other', type: 'redactedReasoning' };
  // The model reads guarded text like any other: fixtures match it.
  if (block.guardContent?.text !== undefined) return { kind: 'text', text: block.guardContent.text.text };
  return mediaOfBlock(block) ?? { kind: 'other', type: Object.keys(block)[0] ?? 'unknown' };
}

/** Claude's extended thinking, asked for through `additionalModelRequestFields`. */
function isReasoningRequested(fields: Record<string, unknown> | undefined): boolean {
  const thinking = fields?.['thinking'] ?? fields?.['reasoning_config'];
  if (thinking === null || typeof thinking !== 'object') return false;
  const type = (thinking as Record<string, unknown>)['type'];
  return type === 'enabled' || type === 'adaptive';
}
