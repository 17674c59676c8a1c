import { describe, expect, it } from 'vitest';
import { planWithEveryVariant } from '../../core/planning/test-support.ts';
import { joinResponse, newResponseIdentity, renderResponsesStream } from './render-responses.ts';

describe('renderResponsesStream with the stream variants the Responses API cannot say', () => {
  it('sends one message item per text, nothing else', () => {
    const events = renderResponsesStream(planWithEveryVariant(), newResponseIdentity('openai.gpt-oss-120b-1:0', 0, null, []));
    const body = joinResponse(events) as { output: { type: string; content: { text: string }[] }[] };
    expect(body.output.map((item) => [item.type, item.content.map((part) => part.text).join('')])).toEqual([
      ['message', 'Blue.'],
      ['message', ' Done.'],
    ]);
  });
});
