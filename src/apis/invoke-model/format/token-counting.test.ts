import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../core/planning/tokenize.ts';
import { toolTokens } from '../../../core/planning/estimate-tokens.ts';
import { parseConverseRequest } from '../../converse/parse-converse-request.ts';
import { parseModelId, type ModelId } from '../../model-ids/model-id.ts';
import { parseAnthropicRequest } from '../claude/parse-request.ts';
import { countInputTokens, tokenCountingOf } from './token-counting.ts';

const model = (id: string): ModelId => parseModelId(id) as ModelId;
const sonnet = model('anthropic.claude-sonnet-4-5-20250929-v1:0');
const haiku3 = model('anthropic.claude-3-haiku-20240307-v1:0');
const nova = model('amazon.nova-pro-v1:0');
const llama = model('meta.llama3-2-90b-instruct-v1:0');

const claudeBody = (fields: object, on: ModelId = sonnet): number => countInputTokens(parseAnthropicRequest({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, ...fields }, 'CountTokens', on));
const converse = (content: readonly object[], on: ModelId, extra: object = {}): number => countInputTokens(parseConverseRequest({ messages: [{ role: 'user', content }], ...extra }, 'Converse', on));

/** A PNG header of the given size: all the estimate reads of an image. */
const png = (width: number, height: number): string => {
  const be32 = (value: number): number[] => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...be32(width), ...be32(height), 8, 6, 0, 0, 0));
};
/** What an image adds to a Converse prompt of one short text, on a model. */
const imageCost = (on: ModelId, source: object): number => converse([{ image: { format: 'png', source } }, { text: 'Describe it.' }], on) - converse([{ text: 'Describe it.' }], on);

describe("Claude's count", () => {
  it('frames the messages as Claude does: a lone "hello" counts 8', () => {
    expect(claudeBody({ messages: [{ role: 'user', content: 'hello' }] })).toBe(8);
    expect(converse([{ text: 'hello' }], sonnet)).toBe(8);
  });

  it("comes out within a token of Anthropic's own example (14): the template is 7, the words 8 here", () => {
    expect(claudeBody({ system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] })).toBe(countTokens('You are a scientist') + countTokens('Hello, Claude') + 7);
    expect(claudeBody({ system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] })).toBe(15);
  });

  it('adds 3 per turn, and no answer marker after an assistant prefill', () => {
    const asked = claudeBody({ messages: [{ role: 'user', content: 'hello' }] });
    expect(claudeBody({ messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'Hi' }, { role: 'user', content: 'hello' }] })).toBe(asked + 3 + 1 + 3 + 1);
    expect(claudeBody({ messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'Hi' }] })).toBe(asked + 3 + 1 - 3);
  });

  it("counts the tool definitions' JSON and the tool-use system prompt AWS documents for the model and tool choice", () => {
    const tool = { name: 'get_weather', description: 'Get the current weather in a given location', input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] } };
    const messages = [{ role: 'user', content: "What's the weather like in San Francisco?" }];
    const definition = toolTokens({ name: tool.name, description: tool.description, inputSchema: tool.input_schema });
    const without = claudeBody({ messages });
    expect(claudeBody({ messages, tools: [tool] }) - without).toBe(definition + 346);
    expect(claudeBody({ messages, tools: [tool], tool_choice: { type: 'any' } }) - without).toBe(definition + 313);
    expect(claudeBody({ messages, tools: [tool] }, haiku3) - claudeBody({ messages }, haiku3)).toBe(definition + 264);
    expect(claudeBody({ messages, tools: [tool], tool_choice: { type: 'tool', name: 'get_weather' } }, haiku3) - claudeBody({ messages }, haiku3)).toBe(definition + 340);
  });

  it.each([
    // Anthropic's vision page: 200×200 ≈ 54, 1000×1000 ≈ 1,334, 1092×1092 ≈ 1,590 (not resized).
    [200, 200, 54],
    [1000, 1000, 1334],
    [1092, 1092, 1590],
    // Over ~1,600 tokens: scaled down to about 1,600.
    [3000, 3000, 1599],
    // A long edge over 1,568 px: scaled to 1,568 × 392.
    [4000, 1000, 820],
    [1, 1, 1],
  ])('counts a %i×%i image as width × height / 750, after its resize rules', (width, height, tokens) => {
    expect(imageCost(sonnet, { bytes: png(width, height) })).toBe(tokens);
  });

  it('counts an image whose size it cannot read as the most a resized image costs (1,600), and says so in its block', () => {
    expect(imageCost(sonnet, { s3Location: { uri: 's3://bucket/cat.png' } })).toBe(1600);
    expect(imageCost(sonnet, { bytes: btoa('not an image') })).toBe(1600);
    const request = parseAnthropicRequest({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }] }, 'CountTokens', sonnet);
    expect(request.messages[0]?.content[0]).toEqual({ kind: 'image', format: 'url', size: undefined });
    expect(countInputTokens(request)).toBe(1 + 3 + 1600 + 3);
  });

  it('counts the same image alike in a Claude body, a Converse request and a tool result', () => {
    const bytes = png(640, 480);
    const inBody = claudeBody({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: bytes } }] }] });
    expect(inBody).toBe(1 + 3 + Math.ceil((640 * 480) / 750) + 3);
    expect(converse([{ image: { format: 'png', source: { bytes } } }], sonnet)).toBe(inBody);
    const toolResult = (content: object[]) => [
      { role: 'user', content: 'Take a screenshot.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content }] },
    ];
    const tools = [{ name: 'screenshot', input_schema: { type: 'object' } }];
    const withImage = claudeBody({ messages: toolResult([{ type: 'text', text: 'Done.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: bytes } }]), tools });
    expect(withImage - claudeBody({ messages: toolResult([{ type: 'text', text: 'Done.' }]), tools })).toBe(Math.ceil((640 * 480) / 750));
  });
});

describe("Nova's count", () => {
  it.each([
    // The guide's own example: 800×400 is nearest 900×450's aspect and size, ~800.
    [800, 400, 800],
    [900, 900, 1300],
    [1400, 900, 1800],
    [900, 1800, 2400],
    [1300, 1300, 2600],
    [4000, 2000, 2400],
    [1, 1, 1300],
  ])('counts a %i×%i image by the row of its table nearest in aspect, then in size', (width, height, tokens) => {
    expect(imageCost(nova, { bytes: png(width, height) })).toBe(tokens);
  });

  it('counts an image in an S3 bucket as its largest row, and adds no template: "hello" is 1', () => {
    expect(imageCost(nova, { s3Location: { uri: 's3://bucket/cat.png' } })).toBe(2600);
    expect(converse([{ text: 'hello' }], nova)).toBe(1);
  });
});

describe('Documents', () => {
  const text = 'Returns are accepted for 30 days. Refunds take 5 business days to arrive.';

  it('count their text, whichever way the request carries it', () => {
    const words = countTokens(text);
    const cost = (document: object): number => converse([{ document: { name: 'policy', ...document } }, { text: 'Summarize.' }], sonnet) - converse([{ text: 'Summarize.' }], sonnet);
    expect(cost({ format: 'txt', source: { bytes: btoa(text) } })).toBe(words);
    expect(cost({ format: 'md', source: { text } })).toBe(words);
    expect(cost({ format: 'txt', source: { content: [{ text }] } })).toBe(words);
    const claudeCost = claudeBody({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } }, { type: 'text', text: 'Summarize.' }] }] }) - claudeBody({ messages: [{ role: 'user', content: 'Summarize.' }] });
    expect(claudeCost).toBe(words);
  });

  it('count a PDF at 1,500 per page it shows, one page when it shows none, as a Word file', () => {
    const pages = (count: number): string => btoa(`%PDF-1.4\n${Array.from({ length: count }, (_, index) => `${index + 1} 0 obj << /Type /Page >> endobj`).join('\n')}`);
    const cost = (format: string, bytes: string): number => converse([{ document: { format, name: 'report', source: { bytes } } }], sonnet) - converse([{ text: '' }], sonnet);
    expect(cost('pdf', pages(3))).toBe(4500);
    expect(cost('pdf', btoa('%PDF-1.5 compressed'))).toBe(1500);
    expect(cost('docx', btoa('PK\u0003\u0004 a zip'))).toBe(1500);
  });
});

describe('The other families', () => {
  it('count the words as written, and an image as Claude would', () => {
    expect(tokenCountingOf(llama.base).framing).toEqual({ request: 0, message: 0, reply: 0 });
    expect(imageCost(llama, { bytes: png(1000, 1000) })).toBe(1334);
  });
});
