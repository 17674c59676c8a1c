import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ContentBlock,
  type ConverseStreamOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials, region, useEmulator } from '../support/emulator.ts';

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const nova = 'us.amazon.nova-pro-v1:0';
const redacted = 'RW5jcnlwdGVkIHRoaW5raW5nIGJ5dGVz'; // "Encrypted thinking bytes"
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const policy = 'Refunds are accepted within 30 days. Refunds take 5 business days to arrive.';

const server = await useEmulator([
  {
    name: 'redacted-thinker',
    match: { lastUserMessage: 'redacted' },
    response: { content: [{ reasoning: { text: 'Let me think.', signature: 'sig-1' } }, { redactedReasoning: redacted }, { text: 'Done thinking.' }] },
    timing: 'instant',
  },
  {
    name: 'cites-policy',
    match: { lastUserMessage: 'refund' },
    response: {
      content: [
        { text: 'According to the policy, ' },
        { text: 'refunds take 5 business days', citations: [{ document: 'policy', quote: 'Refunds take 5 business days to arrive.' }] },
        { text: '.' },
      ],
    },
    timing: 'instant',
  },
  {
    name: 'server-tool',
    match: { lastUserMessage: 'draw' },
    response: {
      content: [
        { toolUse: { id: 'tooluse_draw_1', name: 'draw', input: { shape: 'dot' } } },
        { toolResult: { type: 'draw', content: [{ text: 'drawn' }, { json: { pixels: 1 } }] } },
        { image: { format: 'png', data: pixel } },
        { text: 'Here is your dot.' },
      ],
    },
    timing: 'instant',
  },
]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };
const user = (...content: ContentBlock[]): Message => ({ role: 'user', content });
const policyDocument = (citations = true): ContentBlock => ({
  document: { format: 'txt', name: 'policy', source: { bytes: encoder.encode(policy) }, ...(citations ? { citations: { enabled: true } } : {}) },
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

async function claudeChunks(body: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: sonnet, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, ...body }) }));
  const chunks: Record<string, unknown>[] = [];
  for await (const item of response.body ?? []) chunks.push(JSON.parse(decoder.decode(item.chunk?.bytes)) as Record<string, unknown>);
  return chunks;
}

async function claudeMessage(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await client.send(new InvokeModelCommand({ modelId: sonnet, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, ...body }) }));
  return JSON.parse(decoder.decode(response.body)) as Record<string, unknown>;
}

const claudeDocument = (citations = true): Record<string, unknown> => ({
  type: 'document',
  title: 'policy',
  source: { type: 'text', media_type: 'text/plain', data: policy },
  ...(citations ? { citations: { enabled: true } } : {}),
});

describe('redacted reasoning', () => {
  it('streams as a reasoningContent.redactedContent delta the SDK decodes to bytes (ConverseStream)', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user({ text: 'redacted please' })], additionalModelRequestFields: thinking }));
    const events = await collect(response.stream);
    const deltas = events.flatMap((event) => (event.contentBlockDelta === undefined ? [] : [event.contentBlockDelta]));
    const redactedDelta = deltas.find((delta) => delta.delta?.reasoningContent?.redactedContent !== undefined);
    expect(redactedDelta?.contentBlockIndex).toBe(1);
    expect(decoder.decode(redactedDelta?.delta?.reasoningContent?.redactedContent)).toBe('Encrypted thinking bytes');
    expect(deltas.filter((delta) => delta.contentBlockIndex === 1)).toHaveLength(1);
  });

  it('is a reasoningContent.redactedContent block in the Converse body, and is accepted back in the next turn', async () => {
    const first = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user({ text: 'redacted please' })], additionalModelRequestFields: thinking }));
    const content = first.output?.message?.content ?? [];
    expect(content.map((block) => Object.keys(block).filter((key) => block[key as keyof ContentBlock] !== undefined)[0])).toEqual(['reasoningContent', 'reasoningContent', 'text']);
    expect(decoder.decode(content[1]?.reasoningContent?.redactedContent)).toBe('Encrypted thinking bytes');
    const second = await client.send(
      new ConverseCommand({
        modelId: sonnet,
        messages: [user({ text: 'redacted please' }), { role: 'assistant', content }, user({ text: 'redacted again' })],
        additionalModelRequestFields: thinking,
      }),
    );
    expect(second.stopReason).toBe('end_turn');
  });

  it('is left out when the request does not ask Claude to think', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user({ text: 'redacted please' })] }));
    expect(response.output?.message?.content).toEqual([{ text: 'Done thinking.' }]);
  });

  it('streams as a redacted_thinking content_block_start with its data (InvokeModelWithResponseStream), and joins into the body', async () => {
    const messages = [{ role: 'user', content: 'redacted please' }];
    const chunks = await claudeChunks({ messages, ...thinking });
    const block = chunks.filter((chunk) => chunk['index'] === 1);
    expect(block).toEqual([
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: redacted } },
      { type: 'content_block_stop', index: 1 },
    ]);
    const message = await claudeMessage({ messages, ...thinking });
    expect(message['content']).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: redacted },
      { type: 'text', text: 'Done thinking.' },
    ]);
  });

  it('is accepted back as a redacted_thinking block, and one without its data is refused like Bedrock', async () => {
    const assistant = { role: 'assistant', content: [{ type: 'redacted_thinking', data: redacted }, { type: 'text', text: 'Done thinking.' }] };
    const message = await claudeMessage({ messages: [{ role: 'user', content: 'redacted please' }, assistant, { role: 'user', content: 'redacted again' }], ...thinking });
    expect(message['stop_reason']).toBe('end_turn');
    const broken = { role: 'assistant', content: [{ type: 'redacted_thinking' }] };
    await expect(claudeMessage({ messages: [{ role: 'user', content: 'redacted please' }, broken, { role: 'user', content: 'again' }] })).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it("is left out by a family whose own format cannot say it (Nova's InvokeModel keeps the readable reasoning)", async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'redacted please' }] }] });
    const response = await client.send(new InvokeModelCommand({ modelId: nova, body }));
    const parsed = JSON.parse(decoder.decode(response.body)) as { output: { message: { content: unknown[] } } };
    expect(parsed.output.message.content).toEqual([{ reasoningContent: { reasoningText: { text: 'Let me think.' } } }, { text: 'Done thinking.' }]);
  });
});

describe('citations', () => {
  it('stream as citation deltas before the cited text, with the document name, quote and character location (ConverseStream)', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user(policyDocument(), { text: 'How long does a refund take?' })] }));
    const events = await collect(response.stream);
    const cited = events.flatMap((event) => (event.contentBlockDelta?.contentBlockIndex === 1 ? [event.contentBlockDelta.delta] : []));
    expect(cited[0]?.citation).toEqual({
      title: 'policy',
      sourceContent: [{ text: 'Refunds take 5 business days to arrive.' }],
      location: { documentChar: { documentIndex: 0, start: 37, end: 76 } },
    });
    expect(cited.slice(1).map((delta) => delta?.text).join('')).toBe('refunds take 5 business days');
  });

  it('join into a citationsContent block in the Converse body', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user(policyDocument(), { text: 'How long does a refund take?' })] }));
    expect(response.output?.message?.content).toEqual([
      { text: 'According to the policy, ' },
      {
        citationsContent: {
          content: [{ text: 'refunds take 5 business days' }],
          citations: [{ title: 'policy', sourceContent: [{ text: 'Refunds take 5 business days to arrive.' }], location: { documentChar: { documentIndex: 0, start: 37, end: 76 } } }],
        },
      },
      { text: '.' },
    ]);
  });

  it("stream as Claude's citations_delta in a text block that opens with an empty citations list (InvokeModelWithResponseStream)", async () => {
    const chunks = await claudeChunks({ messages: [{ role: 'user', content: [claudeDocument(), { type: 'text', text: 'How long does a refund take?' }] }] });
    const block = chunks.filter((chunk) => chunk['index'] === 1);
    expect(block[0]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '', citations: [] } });
    expect(block[1]).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: {
        type: 'citations_delta',
        citation: { type: 'char_location', cited_text: 'Refunds take 5 business days to arrive.', document_index: 0, document_title: 'policy', start_char_index: 37, end_char_index: 76 },
      },
    });
    expect(block.slice(2, -1).every((chunk) => (chunk['delta'] as Record<string, unknown>)['type'] === 'text_delta')).toBe(true);
  });

  it('are kept on the text block of the InvokeModel body', async () => {
    const message = await claudeMessage({ messages: [{ role: 'user', content: [claudeDocument(), { type: 'text', text: 'How long does a refund take?' }] }] });
    expect(message['content']).toEqual([
      { type: 'text', text: 'According to the policy, ' },
      {
        type: 'text',
        text: 'refunds take 5 business days',
        citations: [{ type: 'char_location', cited_text: 'Refunds take 5 business days to arrive.', document_index: 0, document_title: 'policy', start_char_index: 37, end_char_index: 76 }],
      },
      { type: 'text', text: '.' },
    ]);
  });

  it('of a document the request did not send are reported, naming the fixture and the citation', async () => {
    const error = await client
      .send(new ConverseCommand({ modelId: sonnet, messages: [user({ text: 'How long does a refund take?' })] }))
      .catch((caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } });
    expect(error).toMatchObject({
      name: 'ModelErrorException',
      message: 'bedrock-emulator: the fixture "cites-policy" answers with citations this request cannot have: content[1].citations[0]: it cites the document titled "policy", but the request sent no documents.',
    });
    expect(error.$metadata?.httpStatusCode).toBe(424);
  });

  it('of a document without citations enabled are reported too, on InvokeModel as on Converse', async () => {
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user(policyDocument(false), { text: 'How long does a refund take?' })] }))).rejects.toThrow(
      'content[1].citations[0]: it cites the document titled "policy", but the request did not enable citations for it (citations: {"enabled": true})',
    );
    await expect(claudeMessage({ messages: [{ role: 'user', content: [claudeDocument(false), { type: 'text', text: 'How long does a refund take?' }] }] })).rejects.toThrow(
      'did not enable citations for it',
    );
  });

  it('are dropped, keeping the text, by a family that cannot say them (Nova InvokeModel)', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'How long does a refund take?' }] }] });
    const response = await client.send(new InvokeModelCommand({ modelId: nova, body }));
    const parsed = JSON.parse(decoder.decode(response.body)) as { output: { message: { content: unknown[] } } };
    expect(parsed.output.message.content).toEqual([{ text: 'According to the policy, ' }, { text: 'refunds take 5 business days' }, { text: '.' }]);
  });
});

describe('tool results and images from the model', () => {
  it('stream as toolResult and image blocks with their contentBlockStart (ConverseStream)', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user({ text: 'draw a dot' })] }));
    const events = await collect(response.stream);
    const starts = events.flatMap((event) => (event.contentBlockStart === undefined ? [] : [event.contentBlockStart]));
    expect(starts).toEqual([
      { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_draw_1', name: 'draw' } } },
      { contentBlockIndex: 1, start: { toolResult: { toolUseId: 'tooluse_draw_1', type: 'draw' } } },
      { contentBlockIndex: 2, start: { image: { format: 'png' } } },
    ]);
    const deltasOf = (index: number) => events.flatMap((event) => (event.contentBlockDelta?.contentBlockIndex === index ? [event.contentBlockDelta.delta] : []));
    expect(deltasOf(1)).toEqual([{ toolResult: [{ text: 'drawn' }] }, { toolResult: [{ json: { pixels: 1 } }] }]);
    const image = deltasOf(2)[0]?.image?.source?.bytes;
    expect(image?.slice(1, 4)).toEqual(encoder.encode('PNG'));
  });

  it('join into toolResult and image blocks in the Converse body', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user({ text: 'draw a dot' })] }));
    const content = response.output?.message?.content ?? [];
    expect(content[1]).toEqual({ toolResult: { toolUseId: 'tooluse_draw_1', type: 'draw', content: [{ text: 'drawn' }, { json: { pixels: 1 } }] } });
    expect(content[2]?.image?.format).toBe('png');
    expect(content[2]?.image?.source?.bytes?.slice(1, 4)).toEqual(encoder.encode('PNG'));
    expect(content[3]).toEqual({ text: 'Here is your dot.' });
    // The answer's own tool result answers its call: nothing is left for the client to run.
    expect(response.stopReason).toBe('end_turn');
  });

  it("are left out of Claude's InvokeModel stream, which keeps its indexes in order", async () => {
    const chunks = await claudeChunks({ messages: [{ role: 'user', content: 'draw a dot' }] });
    const starts = chunks.filter((chunk) => chunk['type'] === 'content_block_start').map((chunk) => [chunk['index'], (chunk['content_block'] as Record<string, unknown>)['type']]);
    expect(starts).toEqual([
      [0, 'tool_use'],
      [1, 'text'],
    ]);
  });
});
