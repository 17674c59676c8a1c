import { describe, expect, it } from 'vitest';
import { planWithEveryVariant } from '../../core/planning/test-support.ts';
import { joinChatCompletion, newChatIdentity, renderChatStream } from './render-chat.ts';

describe('renderChatStream and joinChatCompletion with the stream variants Chat Completions cannot say', () => {
  it('send the text only, streamed and whole', () => {
    const plan = planWithEveryVariant();
    const identity = newChatIdentity('openai.gpt-oss-120b-1:0', 0);
    const streamed = renderChatStream(plan, identity, { includeUsage: false, invokeModel: false }).flatMap((timed) => (typeof timed.event === 'string' ? [] : timed.event.choices.map((choice) => choice.delta)));
    expect(streamed.map((delta) => ('content' in delta ? delta.content : undefined)).join('')).toBe('Blue. Done.');
    expect(streamed.some((delta) => 'reasoning_content' in delta || 'tool_calls' in delta)).toBe(false);
    expect(joinChatCompletion(plan, identity)).toMatchObject({ choices: [{ message: { content: 'Blue. Done.' } }] });
  });
});
