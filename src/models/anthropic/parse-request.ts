import { malformedInput } from '../../errors/bedrock-exception.ts';
import { validateWithin } from '../../errors/validate-within.ts';
import { forcedToolOf, type NormalizedContent, type NormalizedMessage, type Operation, type ParsedRequest } from '../../fixture-format/request.ts';
import { expandUnionIssues, formatValidationIssue } from '../format-validation-issue.ts';
import type { ModelId } from '../model-id.ts';
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
  return {
    operation,
    model: { raw: model.raw, base: model.base },
    system: systemText(request.system),
    messages: request.messages.map(normalizeMessage),
    maxTokens: request.max_tokens,
    stopSequences: request.stop_sequences ?? [],
    tools: (request.tools ?? []).map((tool) => ({
      name: tool.name,
      description: typeof tool['description'] === 'string' ? tool['description'] : '',
      inputSchema: tool['input_schema'],
    })),
    thinking: isThinkingEnabled(request['thinking']),
    forcedTool: forcedToolOf(request.tool_choice),
  };
}

/** `thinking: {"type": "enabled" | "adaptive", …}` asks Claude to reason before answering. */
export function isThinkingEnabled(thinking: unknown): boolean {
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
      return {
        kind: 'tool_result',
        toolUseId: String(block['tool_use_id']),
        text: toolResultText(block['content']),
        isError: block['is_error'] === true,
      };
    case 'thinking':
      return { kind: 'reasoning', text: String(block['thinking']) };
    default:
      return { kind: 'other', type: block.type };
  }
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: Record<string, unknown>) => (part['type'] === 'text' ? String(part['text']) : JSON.stringify(part)))
    .join('\n');
}
