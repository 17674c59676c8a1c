import { describe, expect, it } from 'vitest';
import { parseFixtures } from '../core/fixtures/parse-fixtures.ts';
import { requestWith } from '../core/fixtures/test-support.ts';
import { fixtureFromExchange, type RecordedExchange, type RecordedMessage } from './fixture-from-exchange.ts';

const encoder = new TextEncoder();
const options = { matchBy: [], exactTiming: true, name: 'recorded' } as const;
const event = (atMs: number, type: string, payload: object): RecordedMessage => ({ atMs, headers: { ':message-type': 'event', ':event-type': type }, body: encoder.encode(JSON.stringify(payload)) });
const chunk = (atMs: number, payload: object): RecordedMessage => event(atMs, 'chunk', { bytes: btoa(JSON.stringify(payload)) });
const exchange = (operation: RecordedExchange['operation'], messages: RecordedMessage[], body: unknown = undefined): RecordedExchange => ({
  operation,
  request: requestWith(),
  status: 200,
  errorType: undefined,
  body,
  messages,
  latencyMs: 5,
});
const responseOf = (recorded: ReturnType<typeof fixtureFromExchange>) => (recorded.kind === 'fixture' ? recorded.fixture.response : recorded.reason);

const claudeCitation = { type: 'char_location', cited_text: 'The sky is blue.', document_index: 0, document_title: 'Facts', start_char_index: 0, end_char_index: 16 };
const converseCitation = { title: 'Facts', sourceContent: [{ text: 'The sky is blue.' }], location: { documentChar: { documentIndex: 0, start: 0, end: 16 } } };
const expectedContent = [
  { redactedReasoning: 'AAEC' },
  { text: ['Blue', ' sky.'], citations: [{ document: 0, quote: 'The sky is blue.', location: { char: { start: 0, end: 16 } } }] },
];

describe('fixtureFromExchange keeps redacted reasoning and citations', () => {
  it("from Claude's chunks (InvokeModelWithResponseStream), the redacted block one step of the timing", () => {
    const recorded = fixtureFromExchange(
      exchange('InvokeModelWithResponseStream', [
        chunk(10, { type: 'message_start', message: { usage: { input_tokens: 9 } } }),
        chunk(10, { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'AAEC' } }),
        chunk(10, { type: 'content_block_stop', index: 0 }),
        chunk(12, { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '', citations: [] } }),
        chunk(12, { type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation: claudeCitation } }),
        chunk(14, { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Blue' } }),
        chunk(17, { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ' sky.' } }),
        chunk(17, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }),
      ]),
      options,
    );
    expect(responseOf(recorded)).toMatchObject({ content: expectedContent, stopReason: 'end_turn' });
    expect(recorded.kind === 'fixture' ? recorded.fixture.timing : undefined).toEqual({ timeToFirstTokenMs: 10, deltaGapsMs: [4, 3] });
    // What is written is a fixture the loader takes as it is.
    expect(parseFixtures(recorded.kind === 'fixture' ? recorded.fixture : undefined, 'recorded.json').problems).toEqual([]);
  });

  it('from ConverseStream events', () => {
    const recorded = fixtureFromExchange(
      exchange('ConverseStream', [
        event(10, 'messageStart', { role: 'assistant' }),
        event(10, 'contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'AAEC' } } }),
        event(10, 'contentBlockStop', { contentBlockIndex: 0 }),
        event(12, 'contentBlockDelta', { contentBlockIndex: 1, delta: { citation: converseCitation } }),
        event(14, 'contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Blue' } }),
        event(17, 'contentBlockDelta', { contentBlockIndex: 1, delta: { text: ' sky.' } }),
        event(17, 'messageStop', { stopReason: 'end_turn' }),
      ]),
      options,
    );
    expect(responseOf(recorded)).toMatchObject({ content: expectedContent, stopReason: 'end_turn' });
  });

  it('from whole answers: the Converse body and the InvokeModel body', () => {
    const converse = {
      output: { message: { role: 'assistant', content: [{ reasoningContent: { redactedContent: 'AAEC' } }, { citationsContent: { content: [{ text: 'Blue sky.' }], citations: [converseCitation] } }] } },
      stopReason: 'end_turn',
    };
    const whole = [{ redactedReasoning: 'AAEC' }, { text: ['Blue sky.'], citations: expectedContent[1]?.citations }];
    expect(responseOf(fixtureFromExchange(exchange('Converse', [], converse), options))).toMatchObject({ content: whole });
    const claude = { content: [{ type: 'redacted_thinking', data: 'AAEC' }, { type: 'text', text: 'Blue sky.', citations: [claudeCitation] }], stop_reason: 'end_turn' };
    expect(responseOf(fixtureFromExchange(exchange('InvokeModel', [], claude), options))).toMatchObject({ content: whole });
  });

  it('keeps page and content-block locations, and leaves out a web citation that points at no document', () => {
    const citations = [
      { type: 'page_location', cited_text: 'Step two', document_index: 1, document_title: null, start_page_number: 2, end_page_number: 3 },
      { type: 'content_block_location', cited_text: 'Part B', document_index: 2, document_title: null, start_block_index: 1, end_block_index: 2 },
      { type: 'web_search_result_location', cited_text: 'Elsewhere', url: 'https://example.com' },
    ];
    const recorded = fixtureFromExchange(exchange('InvokeModel', [], { content: [{ type: 'text', text: 'See.', citations }], stop_reason: 'end_turn' }), options);
    expect(responseOf(recorded)).toMatchObject({
      content: [
        {
          text: ['See.'],
          citations: [
            { document: 1, quote: 'Step two', location: { page: { start: 2, end: 3 } } },
            { document: 2, quote: 'Part B', location: { chunk: { start: 1, end: 2 } } },
          ],
        },
      ],
    });
  });
});

describe('fixtureFromExchange keeps a tool result and an image from the model (Converse)', () => {
  const expected = [
    { toolUse: { name: 'draw', id: 'tooluse_1', input: { shape: 'dot' } } },
    { toolResult: { toolUseId: 'tooluse_1', type: 'draw', status: 'success', content: [{ text: 'drawn' }, { json: { pixels: 1 } }] } },
    { image: { format: 'png', data: 'iVBORw==' } },
  ];

  it('from ConverseStream: the blocks their contentBlockStart opened, a part per delta', () => {
    const recorded = fixtureFromExchange(
      exchange('ConverseStream', [
        event(10, 'contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_1', name: 'draw' } } }),
        event(10, 'contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"shape":"dot"}' } } }),
        event(11, 'contentBlockStart', { contentBlockIndex: 1, start: { toolResult: { toolUseId: 'tooluse_1', type: 'draw', status: 'success' } } }),
        event(12, 'contentBlockDelta', { contentBlockIndex: 1, delta: { toolResult: [{ text: 'drawn' }] } }),
        event(13, 'contentBlockDelta', { contentBlockIndex: 1, delta: { toolResult: [{ json: { pixels: 1 } }] } }),
        event(14, 'contentBlockStart', { contentBlockIndex: 2, start: { image: { format: 'png' } } }),
        event(15, 'contentBlockDelta', { contentBlockIndex: 2, delta: { image: { source: { bytes: 'iVBORw==' } } } }),
        event(15, 'messageStop', { stopReason: 'end_turn' }),
      ]),
      options,
    );
    expect(responseOf(recorded)).toMatchObject({ content: expected });
    expect(recorded.kind === 'fixture' ? recorded.fixture.timing : undefined).toEqual({ timeToFirstTokenMs: 10, deltaGapsMs: [2, 1, 2] });
    expect(parseFixtures(recorded.kind === 'fixture' ? recorded.fixture : undefined, 'recorded.json').problems).toEqual([]);
  });

  it('from the Converse body', () => {
    const body = {
      output: {
        message: {
          role: 'assistant',
          content: [
            { toolUse: { toolUseId: 'tooluse_1', name: 'draw', input: { shape: 'dot' } } },
            { toolResult: { toolUseId: 'tooluse_1', type: 'draw', status: 'success', content: [{ text: 'drawn' }, { json: { pixels: 1 } }] } },
            { image: { format: 'png', source: { bytes: 'iVBORw==' } } },
          ],
        },
      },
      stopReason: 'end_turn',
    };
    expect(responseOf(fixtureFromExchange(exchange('Converse', [], body), options))).toMatchObject({ content: expected });
  });
});
