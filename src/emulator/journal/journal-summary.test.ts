import { describe, expect, it } from 'vitest';
import type { NormalizedRequest } from '../../core/fixtures/request.ts';
import { summarizeRequest } from './journal-summary.ts';

const request = (overrides: Partial<NormalizedRequest>): NormalizedRequest => ({
  operation: 'Converse',
  model: { raw: 'm', base: 'm' },
  system: '',
  messages: [],
  maxTokens: undefined,
  stopSequences: [],
  tools: [],
  thinking: false,
  headers: {},
  ...overrides,
});
const limits = { maxTextChars: 100, maxCallChars: 250, maxDepth: 8, maxItems: 4 };

describe('summarizeRequest', () => {
  it('keeps a small request as it is', () => {
    const small = request({ system: 'be brief', messages: [{ role: 'user', content: [{ kind: 'text', text: 'hi' }] }] });
    expect(summarizeRequest(small, limits)).toEqual(small);
  });

  it('gives back the request itself when nothing in it is cut, and a copy as soon as something is', () => {
    const whole = request({ system: 's'.repeat(100), messages: [{ role: 'user', content: [{ kind: 'text', text: 't'.repeat(100) }] }] });
    expect(summarizeRequest(whole, limits)).toBe(whole);
    // A text over the call's budget, a list one item too long, a value one level too deep, bytes:
    const cut = [
      request({ system: 's'.repeat(100), messages: [{ role: 'user', content: [{ kind: 'text', text: 't'.repeat(100) }, { kind: 'text', text: 'u'.repeat(65) }] }] }),
      request({ stopSequences: ['a', 'b', 'c', 'd', 'e'] }),
      request({ messages: [{ role: 'assistant', content: [{ kind: 'tool_use', id: 't', name: 'n', input: [[[[[[[[1]]]]]]]] }] }] }),
      request({ messages: [{ role: 'assistant', content: [{ kind: 'tool_use', id: 't', name: 'n', input: new Uint8Array(2) }] }] }),
    ];
    for (const each of cut) expect(summarizeRequest(each, limits)).not.toBe(each);
  });

  it('cuts a long text and says how long it was', () => {
    const summary = summarizeRequest(request({ system: 'x'.repeat(23_456_789) }), limits);
    expect(summary.system).toBe(`${'x'.repeat(100)}…[truncated: 23,456,789 characters]`);
  });

  it('keeps at most the call budget of text in all', () => {
    const text = 'a'.repeat(100);
    const messages = Array.from({ length: 4 }, () => ({ role: 'user' as const, content: [{ kind: 'text' as const, text }] }));
    const texts = summarizeRequest(request({ messages }), limits).messages.map((message) => (message.content[0] as { text: string }).text);
    expect(texts).toEqual([text, text, `${'a'.repeat(50)}…[truncated: 100 characters]`, '…[truncated: 100 characters]']);
  });

  it('summarizes deep values and long lists without recursing into them', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 5000; level++) deep = [deep];
    const summary = summarizeRequest(request({ messages: [{ role: 'assistant', content: [{ kind: 'tool_use', id: 't', name: 'n', input: deep }] }] }), limits);
    expect(JSON.stringify(summary.messages)).toContain('[nested deeper than 8 levels]');
    const many = summarizeRequest(request({ stopSequences: Array.from({ length: 1000 }, (_, index) => String(index)) }), { ...limits, maxCallChars: 10_000 });
    expect(many.stopSequences).toEqual(['0', '1', '[996 more items]', '998', '999']);
  });
});
