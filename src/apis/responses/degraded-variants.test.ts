import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../../core/fixtures/parse-fixtures.ts';
import { requestWith } from '../../core/fixtures/test-support.ts';
import { novaFormat } from '../invoke-model/nova/nova-format.ts';
import { joinChatCompletion, newChatIdentity, renderChatStream } from '../chat-completions/render-chat.ts';
import { parseModelId, type ModelId } from '../model-ids/model-id.ts';
import { deepseekFormat, llamaFormat } from '../invoke-model/prompt-families/prompt-formats.ts';
import { planResponse } from '../../core/planning/plan-response.ts';
import { joinResponse, newResponseIdentity, renderResponsesStream } from './render-responses.ts';

/**
 * The families whose formats cannot say redacted reasoning, citations, a
 * model's tool result or image (docs/stream-variants.md): each leaves those
 * blocks out, keeps a cited text as plain text, and never fails.
 */
const [variants] = defineFixtures([
  {
    response: {
      content: [
        { redactedReasoning: 'AAEC' },
        { text: 'Blue.', citations: [{ document: 0, quote: 'sky is blue' }] },
        { toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'ok' }] } },
        { image: { format: 'png', data: 'iVBORw==' } },
        { text: ' Done.' },
      ],
    },
  },
]);
const request = { ...requestWith(), documents: [{ index: 0, title: 'Facts', citations: true, source: { kind: 'text', text: 'The sky is blue.' } } as const] };
const plan = planResponse({ request, fixture: variants, defaultText: '', defaultChunking: { by: 'characters', min: 50, max: 50 }, timeScale: 1, includeReasoning: true });
const model = (id: string): ModelId => parseModelId(id) as ModelId;

describe('families that cannot say the stream variants', () => {
  it('OpenAI Chat Completions: the text only, streamed and whole', () => {
    const identity = newChatIdentity('openai.gpt-oss-120b-1:0', 0);
    const streamed = renderChatStream(plan, identity, { includeUsage: false, invokeModel: false }).flatMap((timed) => (typeof timed.event === 'string' ? [] : timed.event.choices.map((choice) => choice.delta)));
    expect(streamed.map((delta) => ('content' in delta ? delta.content : undefined)).join('')).toBe('Blue. Done.');
    expect(streamed.some((delta) => 'reasoning_content' in delta || 'tool_calls' in delta)).toBe(false);
    expect(joinChatCompletion(plan, identity)).toMatchObject({ choices: [{ message: { content: 'Blue. Done.' } }] });
  });

  it('OpenAI Responses: one message item per text, nothing else', () => {
    const events = renderResponsesStream(plan, newResponseIdentity('openai.gpt-oss-120b-1:0', 0, null, []));
    const body = joinResponse(events) as { output: { type: string; content: { text: string }[] }[] };
    expect(body.output.map((item) => [item.type, item.content.map((part) => part.text).join('')])).toEqual([
      ['message', 'Blue.'],
      ['message', ' Done.'],
    ]);
  });

  it("Nova's InvokeModel and the prompt families (Llama, DeepSeek): the text only", () => {
    expect(novaFormat.render(plan, model('amazon.nova-pro-v1:0'), 0).join()).toMatchObject({ output: { message: { content: [{ text: 'Blue.' }, { text: ' Done.' }] } } });
    expect(llamaFormat.render(plan, model('meta.llama3-70b-instruct-v1:0'), 0).join()).toMatchObject({ generation: 'Blue. Done.' });
    expect(deepseekFormat.render(plan, model('deepseek.r1-v1:0'), 0).join()).toEqual({ choices: [{ text: 'Blue. Done.', stop_reason: 'stop' }] });
  });
});
