import { describe, expect, it } from 'vitest';
import { requestWith } from '../../core/fixtures/test-support.ts';
import { bedrockProviders, isFoundationModelId } from '../model-ids/model-id.ts';
import { families, invokeFormatOf, modalityOf, refuseUncountedModel, refuseUnsupportedOperation, resolveTarget } from './families.ts';

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
    const claudeBody = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'Hi Claude' }] };
    const llamaBody = { prompt: '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi Llama<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n' };
    expect(invokeFormatOf(claude).parseBody(claudeBody, 'InvokeModel', claude.model).messages.at(-1)).toEqual({ role: 'user', content: [{ kind: 'text', text: 'Hi Claude' }] });
    expect(invokeFormatOf(llama).parseBody(llamaBody, 'InvokeModel', llama.model).messages.at(-1)).toEqual({ role: 'user', content: [{ kind: 'text', text: 'Hi Llama' }] });
    expect(() => invokeFormatOf(jamba)).toThrow('does not emulate InvokeModel bodies for ai21.jamba-1-5-large-v1:0 (the "ai21" family) yet');
    // A family whose models speak different bodies says which model it does not emulate, when it is asked to.
    expect(() => invokeFormatOf(titanImage).parseBody({}, 'InvokeModel', titanImage.model)).toThrow('amazon.titan-image-generator-v2:0 (the "amazon" family)');
    const canvas = resolveTarget('amazon.nova-canvas-v1:0', 'InvokeModel');
    expect(() => invokeFormatOf(canvas).parseBody({}, 'InvokeModel', canvas.model)).toThrow('amazon.nova-canvas-v1:0 (the "amazon" family)');
    expect([claude.family.countsTokens(claude.model), llama.family.countsTokens(llama.model)]).toEqual([true, false]);
  });

  it('hold their own reasoning rule: Claude reasons only when asked', () => {
    expect(claude.family.sendsReasoning({ ...requestWith(), thinking: false })).toBe(false);
    expect(claude.family.sendsReasoning({ ...requestWith(), thinking: true })).toBe(true);
    expect(llama.family.sendsReasoning({ ...requestWith(), thinking: false })).toBe(true);
  });
});

const account = 'arn:aws:bedrock:us-east-1:123456789012';
const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('resolveTarget with a model catalog', () => {
  const catalog = {
    models: { a1b2c3d4e5f6: haiku, abc123def456: 'meta.llama3-8b-instruct-v1:0' },
    prompts: { TRIPPLAN01: { model: `us.${haiku}`, text: 'Plan a day in {{city}}.' } },
  };

  it('resolves a mapped resource to its foundation model and family, keeping the raw id', () => {
    const target = resolveTarget(`${account}:application-inference-profile/a1b2c3d4e5f6`, 'Converse', catalog);
    expect({ raw: target.model.raw, base: target.model.base, provider: target.family.provider, kind: target.reference.kind }).toEqual({
      raw: `${account}:application-inference-profile/a1b2c3d4e5f6`,
      base: haiku,
      provider: 'anthropic',
      kind: 'resource',
    });
  });

  it('resolves a prompt ARN to its model, with the stored prompt', () => {
    const target = resolveTarget(`${account}:prompt/TRIPPLAN01`, 'ConverseStream', catalog);
    expect([target.model.base, target.prompt?.text]).toEqual([haiku, 'Plan a day in {{city}}.']);
  });

  it.each([`${account}:application-inference-profile/zzzzzzzzzzzz`, `${account}:provisioned-model/zzzzzzzzzzzz`, `${account}:prompt/UNKNOWN001`])(
    'refuses %s, which the account does not have, as an invalid identifier that says where to declare it',
    (raw) => {
      expect(() => resolveTarget(raw, 'Converse', catalog)).toThrow(/^The provided model identifier is invalid\. \(bedrock-emulator: no .* is configured\. Declare it in the --models file or the `models` option, under "(models|prompts)"/);
    },
  );
});

describe('operations a model is not served on', () => {
  const refusal = (raw: string, operation: Parameters<typeof resolveTarget>[1], catalog = {}): string | undefined => {
    try {
      refuseUnsupportedOperation(resolveTarget(raw, operation, catalog));
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const unsupported = "This action doesn't support the model that you provided. Try again with a supported text or chat model.";

  it.each(['stability.sd3-5-large-v1:0', 'amazon.titan-image-generator-v2:0', 'amazon.nova-canvas-v1:0', 'amazon.nova-reel-v1:1', 'amazon.nova-sonic-v1:0', 'amazon.titan-embed-text-v2:0'])(
    '%s: no Converse, no streaming, InvokeModel passes',
    (model) => {
      expect(refusal(model, 'Converse')).toBe(unsupported);
      expect(refusal(model, 'ConverseStream')).toBe(unsupported);
      expect(refusal(model, 'InvokeModelWithResponseStream')).toBe('The model is unsupported for streaming.');
      expect(refusal(model, 'InvokeModel')).toBeUndefined();
    },
  );

  it('an imported model has no Converse; a prompt is served on Converse only', () => {
    const catalog = { models: { abc123def456: 'meta.llama3-8b-instruct-v1:0' }, prompts: { TRIPPLAN01: { model: haiku, text: 'Hi' } } };
    expect(refusal(`${account}:imported-model/abc123def456`, 'Converse', catalog)).toBe(unsupported);
    expect(refusal(`${account}:imported-model/abc123def456`, 'InvokeModel', catalog)).toBeUndefined();
    expect(refusal(`${account}:prompt/TRIPPLAN01`, 'Converse', catalog)).toBeUndefined();
    expect(refusal(`${account}:prompt/TRIPPLAN01`, 'InvokeModel', catalog)).toMatch(/Prompt management prompts on Converse and ConverseStream only/);
  });

  it('knows each modality by model id', () => {
    expect(['meta.llama3-8b-instruct-v1:0', 'luma.ray-v2:0', 'cohere.embed-english-v3'].map(modalityOf)).toEqual(['text', 'video', 'embedding']);
  });

  it('CountTokens counts Claude 3.5 and later only', () => {
    const counts = (model: string): boolean => {
      try {
        refuseUncountedModel(resolveTarget(model, 'CountTokens'));
        return true;
      } catch {
        return false;
      }
    };
    expect(
      ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-opus-4-1-20250805-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-v2:1', 'amazon.nova-pro-v1:0'].map(counts),
    ).toEqual([true, true, true, false, false, false]);
  });
});

describe('families', () => {
  it('has one family for each provider Bedrock serves, and none other', () => {
    expect(families.map((family) => family.provider).sort()).toEqual([...bedrockProviders].sort());
  });
});

describe('isFoundationModelId', () => {
  it.each([
    [haiku, true],
    [`us.${haiku}`, true],
    ['acme.model-v1', false],
    [`${account}:application-inference-profile/a1b2c3d4e5f6`, false],
    [`arn:aws:bedrock:us-east-1::foundation-model/${haiku}`, false],
  ])('%s → %s', (id, expected) => {
    expect(isFoundationModelId(id)).toBe(expected);
  });
});
