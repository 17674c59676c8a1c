import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../../../core/fixtures/parse-fixtures.ts';
import { requestWith } from '../../../core/fixtures/test-support.ts';
import { planResponse } from '../../../core/planning/plan-response.ts';
import { parseModelId, type ModelId } from '../../model-ids/model-id.ts';
import { joinAnthropicMessage } from './join-message.ts';
import { renderAnthropicStream } from './render-stream.ts';

const model = parseModelId('anthropic.claude-3-5-haiku-20241022-v1:0') as ModelId;
const [fixture] = defineFixtures([
  {
    response: {
      content: [{ reasoning: { text: 'Need the tool.', signature: 'sig-1' } }, { text: 'Checking the weather.' }, { toolUse: { name: 'get_weather', id: 'toolu_1', input: { city: 'Paris', days: [1, 2] } } }],
      usage: { inputTokens: 42 },
    },
    timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 5, seed: 7 },
  },
]);

describe('joinAnthropicMessage', () => {
  it('joins a whole stream into the InvokeModel body: blocks, tool input, stop reason, usage', () => {
    const plan = planResponse({ request: { ...requestWith(), thinking: true }, fixture, defaultText: '', defaultChunking: { by: 'tokens', min: 1, max: 2 }, timeScale: 1, includeReasoning: true });
    const events = renderAnthropicStream(plan, model).map((timed) => timed.event);
    const message = joinAnthropicMessage(events);
    const start = events[0];
    expect(message).toEqual({
      id: start?.type === 'message_start' ? start.message.id : 'missing',
      type: 'message',
      role: 'assistant',
      model: 'claude-3-5-haiku-20241022',
      content: [
        { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-1' },
        { type: 'text', text: 'Checking the weather.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 42, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: plan.usage.outputTokens },
    });
  });

  it('keeps an empty signature for reasoning cut before its signature', () => {
    const plan = planResponse({ request: { ...requestWith(), thinking: true, maxTokens: 2 }, fixture, defaultText: '', defaultChunking: { by: 'tokens', min: 1, max: 1 }, timeScale: 1, includeReasoning: true });
    const message = joinAnthropicMessage(renderAnthropicStream(plan, model).map((timed) => timed.event));
    expect(message.content).toEqual([{ type: 'thinking', thinking: 'Need the', signature: '' }]);
    expect(message.stop_reason).toBe('max_tokens');
  });
});

describe('stream variants in Claude', () => {
  const [variants] = defineFixtures([
    {
      response: {
        content: [
          { redactedReasoning: 'AAEC' },
          { text: 'See page 2.', citations: [{ document: 0, quote: 'Step two', location: { page: { start: 2, end: 3 } } }, { document: 1, quote: 'Part B' }] },
          { toolResult: { toolUseId: 'srvtoolu_1', content: [{ text: 'left out' }] } },
          { text: 'Done.' },
        ],
      },
    },
  ]);
  const request = {
    ...requestWith(),
    thinking: true,
    documents: [
      { index: 0, title: 'Manual', citations: true, source: { kind: 'opaque', format: 'application/pdf' } },
      { index: 1, title: undefined, citations: true, source: { kind: 'chunks', chunks: ['Part A', 'Part B'] } },
    ] as const,
  };
  const plan = planResponse({ request, fixture: variants, defaultText: '', defaultChunking: { by: 'tokens', min: 1, max: 2 }, timeScale: 1, includeReasoning: true });
  const events = renderAnthropicStream(plan, model).map((timed) => timed.event);
  const pageCitation = { type: 'page_location', cited_text: 'Step two', document_index: 0, document_title: 'Manual', start_page_number: 2, end_page_number: 3 };
  const blockCitation = { type: 'content_block_location', cited_text: 'Part B', document_index: 1, document_title: null, start_block_index: 1, end_block_index: 2 };

  it('sends redacted_thinking whole in its start, page and content-block citations as citations_delta, and leaves the tool result out', () => {
    expect(events.filter((event) => event.type === 'content_block_start').map((event) => event.content_block)).toEqual([
      { type: 'redacted_thinking', data: 'AAEC' },
      { type: 'text', text: '', citations: [] },
      { type: 'text', text: '' },
    ]);
    expect(events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'citations_delta' ? [event.delta.citation] : []))).toEqual([pageCitation, blockCitation]);
  });

  it('joins them into the body, the citations on their text block', () => {
    expect(joinAnthropicMessage(events).content).toEqual([
      { type: 'redacted_thinking', data: 'AAEC' },
      { type: 'text', text: 'See page 2.', citations: [pageCitation, blockCitation] },
      { type: 'text', text: 'Done.' },
    ]);
  });
});
