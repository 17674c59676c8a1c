import { describe, expect, it } from 'vitest';
import { requestWith } from '../fixture-format/test-support.ts';
import { invokeFormatOf, resolveTarget } from './families.ts';

describe('resolveTarget', () => {
  it('resolves a model id, profile or ARN once into its model and family', () => {
    const target = resolveTarget('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0', 'ConverseStream');
    expect({ operation: target.operation, base: target.model.base, provider: target.family.provider }).toEqual({
      operation: 'ConverseStream',
      base: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      provider: 'anthropic',
    });
  });

  it.each(['', 'not a model', 'acme.model-v1'])('refuses %j as Bedrock does', (raw) => {
    expect(() => resolveTarget(raw, 'Converse')).toThrow('The provided model identifier is invalid.');
  });
});

describe('model families', () => {
  const claude = resolveTarget('anthropic.claude-3-5-haiku-20241022-v1:0', 'InvokeModel');
  const llama = resolveTarget('meta.llama3-8b-instruct-v1:0', 'InvokeModel');
  const jamba = resolveTarget('ai21.jamba-1-5-large-v1:0', 'InvokeModel');
  const titanImage = resolveTarget('amazon.titan-image-generator-v2:0', 'InvokeModel');

  it('know which APIs serve them: Converse everywhere, the InvokeModel bodies emulated, CountTokens for Claude', () => {
    expect(invokeFormatOf(claude)).toBeDefined();
    expect(invokeFormatOf(llama)).toBeDefined();
    expect(() => invokeFormatOf(jamba)).toThrow('does not emulate InvokeModel bodies for ai21.jamba-1-5-large-v1:0 (the "ai21" family) yet');
    // A family whose models speak different bodies says which model it does not emulate, when it is asked to.
    expect(() => invokeFormatOf(titanImage).parseBody({}, 'InvokeModel', titanImage.model)).toThrow('amazon.titan-image-generator-v2:0 (the "amazon" family)');
    expect([claude.family.countsTokens, llama.family.countsTokens]).toEqual([true, false]);
  });

  it('hold their own reasoning rule: Claude reasons only when asked', () => {
    expect(claude.family.sendsReasoning({ ...requestWith(), thinking: false })).toBe(false);
    expect(claude.family.sendsReasoning({ ...requestWith(), thinking: true })).toBe(true);
    expect(llama.family.sendsReasoning({ ...requestWith(), thinking: false })).toBe(true);
  });
});
