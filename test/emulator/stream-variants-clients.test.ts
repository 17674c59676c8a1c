import Anthropic from '@anthropic-ai/sdk';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createAmazonBedrockAnthropic } from '@ai-sdk/amazon-bedrock/anthropic';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from '../support/emulator.ts';

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const redacted = 'RW5jcnlwdGVkIHRoaW5raW5nIGJ5dGVz';
const policy = 'Refunds are accepted within 30 days. Refunds take 5 business days to arrive.';
const server = await useEmulator([
  {
    name: 'redacted-thinker',
    match: { lastUserMessage: 'redacted' },
    response: { content: [{ redactedReasoning: redacted }, { text: 'Done thinking.' }] },
    timing: 'instant',
  },
  {
    name: 'cites-policy',
    match: { lastUserMessage: 'refund' },
    response: {
      content: [
        { text: 'According to the policy, ' },
        { text: ['refunds take ', '5 business days'], citations: [{ document: 0, quote: 'Refunds take 5 business days to arrive.' }] },
        { text: '.' },
      ],
    },
    timing: { timeToFirstTokenMs: 2, deltaIntervalMs: 1 },
  },
]);

const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
const citation = { type: 'char_location', cited_text: 'Refunds take 5 business days to arrive.', document_index: 0, document_title: 'Refund policy', start_char_index: 37, end_char_index: 76 };
const document = { type: 'document', title: 'Refund policy', source: { type: 'text', media_type: 'text/plain', data: policy }, citations: { enabled: true } } as const;
const question = [{ role: 'user' as const, content: [document, { type: 'text' as const, text: 'How long does a refund take?' }] }];

describe('@anthropic-ai/bedrock-sdk (InvokeModelWithResponseStream)', () => {
  const client = new AnthropicBedrock({ baseURL: server.url, awsRegion: region, awsAccessKey: credentials.accessKeyId, awsSecretKey: credentials.secretAccessKey, maxRetries: 0 });

  it('keeps a redacted_thinking block through messages.stream().finalMessage()', async () => {
    const message = await client.messages.stream({ model: sonnet, max_tokens: 2000, thinking, messages: [{ role: 'user', content: 'redacted please' }] }).finalMessage();
    expect(message.content).toEqual([
      { type: 'redacted_thinking', data: redacted },
      { type: 'text', text: 'Done thinking.' },
    ]);
  });

  it("emits each citation and keeps them on the text block's citations", async () => {
    const stream = client.messages.stream({ model: sonnet, max_tokens: 500, messages: question });
    const cited: unknown[] = [];
    stream.on('citation', (received) => cited.push(received));
    const message = await stream.finalMessage();
    expect(cited).toEqual([citation]);
    expect(message.content).toEqual([
      { type: 'text', text: 'According to the policy, ' },
      { type: 'text', text: 'refunds take 5 business days', citations: [citation] },
      { type: 'text', text: '.' },
    ]);
  });
});

describe("@anthropic-ai/sdk on Mantle's Messages API", () => {
  const anthropic = new Anthropic({ baseURL: `${server.url}/anthropic`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });

  it('streams redacted thinking and citations as named events the SDK assembles', async () => {
    const thought = await anthropic.messages.stream({ model: 'anthropic.claude-sonnet-4-6-v1', max_tokens: 2000, thinking, messages: [{ role: 'user', content: 'redacted please' }] }).finalMessage();
    expect(thought.content[0]).toEqual({ type: 'redacted_thinking', data: redacted });
    const answer = await anthropic.messages.stream({ model: 'anthropic.claude-sonnet-4-6-v1', max_tokens: 500, messages: question }).finalMessage();
    expect(answer.content[1]).toEqual({ type: 'text', text: 'refunds take 5 business days', citations: [citation] });
  });
});

describe('Vercel AI SDK (@ai-sdk/amazon-bedrock, ConverseStream and Converse)', () => {
  const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
  const model = bedrock(sonnet);
  const providerOptions = { bedrock: { reasoningConfig: { type: 'enabled' as const, budgetTokens: 1024 } } };

  it('hands redacted reasoning over as providerMetadata.bedrock.redactedContent (streamText)', async () => {
    const result = streamText({ model, prompt: 'redacted please', providerOptions, maxRetries: 0 });
    expect(await result.text).toBe('Done thinking.');
    const [reasoning] = await result.reasoning;
    expect(reasoning).toMatchObject({ type: 'reasoning', text: '', providerMetadata: { bedrock: { redactedContent: redacted } } });
  });

  const cited = [
    {
      role: 'user' as const,
      content: [
        { type: 'file' as const, data: new TextEncoder().encode(policy), mediaType: 'text/plain', filename: 'Refund policy', providerOptions: { bedrock: { citations: { enabled: true } } } },
        { type: 'text' as const, text: 'How long does a refund take?' },
      ],
    },
  ];

  it("reads a citationsContent block's text (generateText)", async () => {
    const result = await generateText({ model, maxRetries: 0, messages: cited });
    expect(result.text).toBe('According to the policy, refunds take 5 business days.');
  });

  it('gets each citation with every field AWS sends, and maps none to a source (its side: docs/clients.md)', async () => {
    const result = streamText({ model, maxRetries: 0, messages: cited, includeRawChunks: true });
    const raw: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === 'raw') raw.push(part.rawValue);
    expect(await result.text).toBe('According to the policy, refunds take 5 business days.');
    // The ConverseStream event the provider received, as AWS sends one: before the cited block's text.
    expect(raw).toContainEqual({
      contentBlockDelta: {
        contentBlockIndex: 1,
        delta: { citation: { title: 'Refund policy', sourceContent: [{ text: 'Refunds take 5 business days to arrive.' }], location: { documentChar: { documentIndex: 0, start: 37, end: 76 } } } },
      },
    });
    // @ai-sdk/amazon-bedrock's Converse model parses citation deltas and drops them: no source comes of them.
    expect(await result.sources).toEqual([]);
  });
});

describe('Vercel AI SDK (@ai-sdk/amazon-bedrock/anthropic, InvokeModel in Claude\'s format): citations become sources', () => {
  const bedrockAnthropic = createAmazonBedrockAnthropic({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
  const messages = [
    {
      role: 'user' as const,
      content: [
        { type: 'file' as const, data: new TextEncoder().encode(policy), mediaType: 'text/plain', filename: 'Refund policy', providerOptions: { anthropic: { citations: { enabled: true } } } },
        { type: 'text' as const, text: 'How long does a refund take?' },
      ],
    },
  ];
  const source = {
    type: 'source',
    sourceType: 'document',
    mediaType: 'text/plain',
    title: 'Refund policy',
    filename: 'Refund policy',
    providerMetadata: { anthropic: { citedText: 'Refunds take 5 business days to arrive.', startCharIndex: 37, endCharIndex: 76 } },
  };

  it('gives generateText one document source per citation', async () => {
    const result = await generateText({ model: bedrockAnthropic(sonnet), maxRetries: 0, messages });
    expect(result.text).toBe('According to the policy, refunds take 5 business days.');
    expect(result.sources).toEqual([{ ...source, id: expect.any(String) }]);
  });

  it('gives streamText the same source, from the citations_delta event', async () => {
    const result = streamText({ model: bedrockAnthropic(sonnet), maxRetries: 0, messages });
    expect(await result.text).toBe('According to the policy, refunds take 5 business days.');
    expect(await result.sources).toEqual([{ ...source, id: expect.any(String) }]);
  });
});
