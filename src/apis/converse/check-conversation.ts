import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { servicePath } from './format-converse-issue.ts';
import type { ConverseContentBlock, ConverseRequest } from './request-schema.ts';

type Message = ConverseRequest['messages'][number];

const validation = (message: string): BedrockException => new BedrockException('ValidationException', message);

/**
 * The conversation rules Bedrock enforces before a model sees the request:
 * it starts with a user message and alternates; no message is empty; each
 * block sets one known member; a system message (`role: "system"`,
 * docs/protocol/converse.md#system-messages) sits where Claude's
 * mid-conversation system messages may, and holds only what they may; each
 * tool it adds or removes is one `toolConfig` declares. Throws a
 * `ValidationException` that names the message or block.
 *
 * @example
 * checkConversation({ messages: [{ role: 'system', content: [{ text: 'Be terse.' }] }] }) // throws: must start with a user message
 */
export function checkConversation(request: ConverseRequest): void {
  const { messages } = request;
  // Built once, when the first tool change asks for it: one set per request, however many blocks name a tool.
  let declared: ReadonlySet<unknown> | undefined;
  const declaredNames = (): ReadonlySet<unknown> | undefined => (declared ??= declaredToolNames(request));
  const [first] = messages;
  if (first === undefined || first.role !== 'user') {
    throw validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  }
  messages.forEach((message, index) => {
    // A system message is placed by its own rule; around it, user and assistant still alternate (user, system, assistant).
    if (message.role === 'system') checkSystemMessagePlace(messages, index);
    else if (index > 0 && messages[index - 1]?.role === message.role) {
      throw validation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    }
    if (message.content.length === 0) {
      throw validation(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    message.content.forEach((block, blockIndex) => {
      const path = ['messages', index, 'content', blockIndex];
      const members = Object.keys(block).filter((key) => block[key] !== undefined);
      if (members.length !== 1) {
        throw validation(`The ContentBlock at ${servicePath(path)} must set exactly one member (text, image, document, toolUse, toolResult, reasoningContent, …); it sets ${members.length === 0 ? 'none' : members.join(', ')}.`);
      }
      const [member] = members;
      checkUnionMember('ContentBlock', contentBlockMembers, member, path);
      // Most blocks are text in a user or assistant message: they skip the checks below without building anything.
      if (message.role === 'system' || member === 'toolAddition' || member === 'toolRemoval') checkBlockForRole(message.role, member, path);
      if (block.document !== undefined) checkDocumentName(block.document.name, [...path, 'document', 'name']);
      if (member === 'toolAddition' || member === 'toolRemoval') checkToolReference(declaredNames(), block, path);
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

/** What a system message holds: instructions, tool changes and cache points (docs/protocol/converse.md#system-messages). */
const systemMessageMembers = ['text', 'toolAddition', 'toolRemoval', 'cachePoint'];
/** The blocks that only a system message may hold: AWS documents them "within a system role message". */
const toolChangeMembers = ['toolAddition', 'toolRemoval'];

function checkUnionMember(union: string, known: readonly string[], member: string | undefined, path: readonly PropertyKey[]): void {
  if (member === undefined || known.includes(member)) return;
  throw validation(`The ${union} at ${servicePath(path)} has an unknown member "${member}". Use one of: ${known.join(', ')}.`);
}

/**
 * A system message must come right after a user message (or an assistant
 * message that ends in a server tool's call) and be the last message or
 * come right before an assistant message — Claude's placement rule for
 * mid-conversation system messages.
 */
function checkSystemMessagePlace(messages: readonly Message[], index: number): void {
  const before = messages[index - 1];
  const after = messages[index + 1];
  const followsTurn = before?.role === 'user' || (before?.role === 'assistant' && endsInServerToolUse(before));
  if (followsTurn && (after === undefined || after.role === 'assistant')) return;
  const where = followsTurn ? `${aMessage(after?.role)} follows it` : `it follows ${aMessage(before?.role)}`;
  throw validation(
    `The system message at messages.${index} is out of place: ${where}. A system message must come right after a user message and be the last message or be followed by an assistant message.`,
  );
}

const aMessage = (role: Message['role'] | undefined): string => (role === undefined ? 'nothing' : `${role === 'assistant' ? 'an' : 'a'} ${role} message`);

function endsInServerToolUse(message: Message): boolean {
  const last = message.content.at(-1);
  return (last?.toolUse as { type?: unknown } | undefined)?.type === 'server_tool_use';
}

function checkBlockForRole(role: Message['role'], member: string | undefined, path: readonly PropertyKey[]): void {
  if (member === undefined) return;
  if (role === 'system' && !systemMessageMembers.includes(member)) {
    throw validation(`The ContentBlock at ${servicePath(path)} is a ${member} block, which a system message cannot hold. A system message holds ${systemMessageMembers.join(', ')} blocks.`);
  }
  if (role !== 'system' && toolChangeMembers.includes(member)) {
    throw validation(`The ContentBlock at ${servicePath(path)} is a ${member} block in a ${role} message: ${member} blocks belong in a system message (role "system"). Move it into one.`);
  }
}

/** The names `toolConfig.tools` declares (its tool specs and system tools), or undefined without a `toolConfig`. */
function declaredToolNames(request: ConverseRequest): ReadonlySet<unknown> | undefined {
  if (request.toolConfig === undefined) return undefined;
  return new Set(request.toolConfig.tools.flatMap((tool) => [tool.toolSpec?.name, (tool['systemTool'] as { name?: unknown } | undefined)?.name]));
}

/** A tool added or removed must be one `toolConfig.tools` declares (ToolReference: "Must match the name of a tool declared in the top-level tool configuration"); an MCP server's tool is named with its `serverName`. */
function checkToolReference(declared: ReadonlySet<unknown> | undefined, block: ConverseContentBlock, path: readonly PropertyKey[]): void {
  const member = block.toolAddition === undefined ? (block.toolRemoval === undefined ? undefined : 'toolRemoval') : 'toolAddition';
  if (member === undefined) return;
  const reference = (block.toolAddition ?? block.toolRemoval)?.tool;
  if (typeof reference?.name !== 'string' || reference.name === '') throw validation(`The tool reference at ${servicePath([...path, member, 'tool'])} names no tool. Give the name of a tool in toolConfig.tools.`);
  if (reference.serverName !== undefined) return;
  if (declared === undefined) throw validation('The toolConfig field must be defined when using toolAddition and toolRemoval content blocks.');
  if (!declared.has(reference.name)) throw validation(`The tool named at ${servicePath([...path, member, 'tool', 'name'])} (${JSON.stringify(reference.name)}) is not one of the tools in toolConfig.tools.`);
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
