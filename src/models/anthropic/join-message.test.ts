import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../../fixture-format/parse-fixtures.ts';
import { requestWith } from '../../fixture-format/test-support.ts';
import { planResponse } from '../../planning/plan-response.ts';
import { parseModelId, type ModelId } from '../model-id.ts';
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
