import { describe, expect, it } from 'vitest';
import { resolveReference, type ModelCatalog } from './model-catalog.ts';
import { parseModelReference } from './model-id.ts';

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const account = 'arn:aws:bedrock:us-east-1:123456789012';
const catalog: ModelCatalog = {
  models: {
    [`${account}:application-inference-profile/a1b2c3d4e5f6`]: haiku,
    abc123def456: 'meta.llama3-8b-instruct-v1:0',
  },
  prompts: {
    TRIPPLAN01: {
      model: haiku,
      text: 'Plan a day in {{city}}.',
      system: 'You are a travel agent.',
      versions: { '1': { text: 'Plan a week in {{city}}.' }, '2': { model: 'us.amazon.nova-pro-v1:0' } },
    },
    [`${account}:prompt/GREETING01`]: { model: haiku, messages: [{ role: 'user', text: 'Say hello to {{name}}.' }] },
  },
};

const resolve = (raw: string) => {
  const reference = parseModelReference(raw);
  if (reference === undefined) throw new Error(`not a model reference: ${raw}`);
  return resolveReference(reference, catalog);
};

describe('resolveReference', () => {
  it('maps a resource by its full ARN, keeping the raw id', () => {
    expect(resolve(`${account}:application-inference-profile/a1b2c3d4e5f6`)?.model).toEqual({ raw: `${account}:application-inference-profile/a1b2c3d4e5f6`, base: haiku, provider: 'anthropic' });
  });

  it('maps a resource by its short id, in any Region and account and of any resource type', () => {
    expect(resolve('arn:aws:bedrock:eu-west-1:210987654321:provisioned-model/abc123def456')?.model.base).toBe('meta.llama3-8b-instruct-v1:0');
    expect(resolve(`${account}:imported-model/abc123def456`)?.model.base).toBe('meta.llama3-8b-instruct-v1:0');
  });

  it('falls back on the model a resource id names, and knows no other resource', () => {
    expect(resolve(`${account}:custom-model/amazon.titan-text-express-v1:0:8k/abc123def456`)?.model.base).toBe('amazon.titan-text-express-v1:0:8k');
    expect(resolve(`${account}:application-inference-profile/zzzzzzzzzzzz`)).toBeUndefined();
  });

  it("resolves a prompt's draft and its versions, each overriding the fields it gives", () => {
    expect(resolve(`${account}:prompt/TRIPPLAN01`)).toEqual({
      model: { raw: `${account}:prompt/TRIPPLAN01`, base: haiku, provider: 'anthropic' },
      prompt: { promptId: 'TRIPPLAN01', version: undefined, text: 'Plan a day in {{city}}.', system: 'You are a travel agent.' },
    });
    expect(resolve(`${account}:prompt/TRIPPLAN01:1`)?.prompt?.text).toBe('Plan a week in {{city}}.');
    expect(resolve(`${account}:prompt/TRIPPLAN01:2`)?.model.base).toBe('amazon.nova-pro-v1:0');
  });

  it('finds a prompt keyed by ARN, at any version when it lists none; not a version it does not list', () => {
    expect(resolve(`${account}:prompt/GREETING01:7`)?.prompt).toMatchObject({ promptId: 'GREETING01', version: '7', messages: [{ role: 'user', text: 'Say hello to {{name}}.' }] });
    expect(resolve(`${account}:prompt/TRIPPLAN01:3`)).toBeUndefined();
    expect(resolve(`${account}:prompt/UNKNOWN001`)).toBeUndefined();
  });

  it("knows no resource or prompt by the name of an object's built-in member", () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(resolve(`${account}:prompt/${name}`)).toBeUndefined();
      expect(resolve(`${account}:application-inference-profile/${name}`)).toBeUndefined();
    }
  });
});
