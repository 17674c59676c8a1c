import { describe, expect, it } from 'vitest';
import type { ParsedRequest } from '../../core/fixtures/request.ts';
import { converseGuardedTexts, invokeGuardedTexts, maskRequest } from './guarded-texts.ts';

const request = (...texts: string[]): ParsedRequest => ({
  operation: 'InvokeModel',
  model: { raw: 'm', base: 'm' },
  system: '',
  messages: texts.map((text, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: [{ kind: 'text', text }] })),
  maxTokens: undefined,
  stopSequences: [],
  tools: [],
  thinking: false,
});

describe('converseGuardedTexts', () => {
  it('takes every message text when there is no guardContent', () => {
    const body = { messages: [{ role: 'user', content: [{ text: 'Hi' }, { image: {} }] }, { role: 'assistant', content: [{ text: 'Hello' }] }] };
    expect(converseGuardedTexts(body)).toEqual({
      texts: [
        { text: 'Hi', message: 0, block: 0, start: 0, end: 2 },
        { text: 'Hello', message: 1, block: 0, start: 0, end: 5 },
      ],
      totalCharacters: 7,
    });
  });

  it('takes only guardContent blocks (system ones too) when there are any', () => {
    const body = { system: [{ guardContent: { text: { text: 'Be kind' } } }], messages: [{ role: 'user', content: [{ text: 'Ignored' }, { guardContent: { text: { text: 'Checked' } } }] }] };
    expect(converseGuardedTexts(body)).toEqual({
      texts: [
        { text: 'Be kind', message: -1, block: 0, start: 0, end: 7 },
        { text: 'Checked', message: 0, block: 1, start: 0, end: 7 },
      ],
      totalCharacters: 21,
    });
  });
});

describe('invokeGuardedTexts', () => {
  it('takes the tagged parts when a suffix is given and used, else every text', () => {
    const tagged = request('Skip <amazon-bedrock-guardrails-guardContent_a1>check this</amazon-bedrock-guardrails-guardContent_a1> skip');
    expect(invokeGuardedTexts(tagged, 'a1').texts).toEqual([{ text: 'check this', message: 0, block: 0, start: 48, end: 58 }]);
    expect(invokeGuardedTexts(tagged, 'other').texts.map((text) => text.text)).toEqual([tagged.messages[0]?.content[0]?.kind === 'text' ? tagged.messages[0].content[0].text : '']);
    expect(invokeGuardedTexts(request('a', 'b'), undefined).texts.map((text) => text.text)).toEqual(['a', 'b']);
  });
});

describe('maskRequest', () => {
  it('puts masked texts back where they came from, and keeps the request when nothing changed', () => {
    const original = request('Mail <t>ana@x.io</t> now');
    const texts = [{ text: 'ana@x.io', message: 0, block: 0, start: 8, end: 16 }];
    expect(maskRequest(original, texts, ['{EMAIL}']).messages[0]?.content).toEqual([{ kind: 'text', text: 'Mail <t>{EMAIL}</t> now' }]);
    expect(maskRequest(original, texts, ['ana@x.io'])).toBe(original);
  });
});

describe('invokeGuardedTexts, hostile tags', () => {
  it('reads a prompt of many openings and no closing once, and falls back to every text', () => {
    const tag = 'amazon-bedrock-guardrails-guardContent_xyz';
    const text = `<${tag}>`.repeat(50_000);
    expect(invokeGuardedTexts(request(text), 'xyz').texts).toEqual([{ text, message: 0, block: 0, start: 0, end: text.length }]);
  });

  it('pairs each opening with the first closing after it', () => {
    const tag = 'amazon-bedrock-guardrails-guardContent_xyz';
    const text = `a <${tag}>one</${tag}> b <${tag}>two <${tag}>three</${tag}> c`;
    expect(invokeGuardedTexts(request(text), 'xyz').texts.map((part) => part.text)).toEqual(['one', `two <${tag}>three`]);
  });
});
