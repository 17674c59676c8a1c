import { describe, expect, it } from 'vitest';
import { modelNamedBy, parseModelId, parseModelReference } from './model-id.ts';

const base = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('parseModelId', () => {
  it.each([
    [base, base],
    [`us.${base}`, base],
    [`eu.${base}`, base],
    [`apac.${base}`, base],
    [`global.${base}`, base],
    [`arn:aws:bedrock:us-east-1::foundation-model/${base}`, base],
    [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${base}`, base],
    [`arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/${base}`, base],
    ['amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0'],
  ])('normalizes %s to %s', (raw, expected) => {
    expect(parseModelId(raw)).toEqual({ raw, base: expected, provider: expected.split('.')[0] });
  });

  it.each(['', 'claude', 'arn:aws:bedrock:us-east-1:123:no-slash', 'anthropic.claude v1', 'x'.repeat(2049)])('rejects %j', (raw) => {
    expect(parseModelId(raw)).toBeUndefined();
  });
});

describe('parseModelReference', () => {
  const account = 'arn:aws:bedrock:us-east-1:123456789012';

  it('reads base ids, cross-Region profiles and their ARNs as foundation models', () => {
    expect(parseModelReference(`us.${base}`)).toEqual({ kind: 'foundation', model: { raw: `us.${base}`, base, provider: 'anthropic' } });
    expect(parseModelReference(`arn:aws:bedrock:us-east-1::foundation-model/${base}`)?.kind).toBe('foundation');
  });

  it.each([
    ['application-inference-profile', 'a1b2c3d4e5f6'],
    ['provisioned-model', 'abc123def456'],
    ['imported-model', 'abc123def456'],
    ['custom-model-deployment', 'abc123def456'],
    ['custom-model', 'amazon.titan-text-express-v1:0:8k/abc123def456'],
  ])('reads a %s ARN as that resource, keeping its id', (resourceType, resourceId) => {
    const raw = `${account}:${resourceType}/${resourceId}`;
    expect(parseModelReference(raw)).toEqual({ kind: 'resource', raw, resourceType, resourceId });
  });

  it('reads a prompt ARN with or without its version', () => {
    expect(parseModelReference(`${account}:prompt/PROMPT1234`)).toMatchObject({ kind: 'prompt', promptId: 'PROMPT1234', version: undefined });
    expect(parseModelReference(`${account}:prompt/PROMPT1234:12`)).toMatchObject({ kind: 'prompt', promptId: 'PROMPT1234', version: '12' });
  });

  it.each(['', `${account}:prompt/bad id`, `${account}:prompt/P1:v2`, 'a1b2c3d4e5f6', 'x'.repeat(2049)])('rejects %j', (raw) => {
    expect(parseModelReference(raw)).toBeUndefined();
  });
});

describe('modelNamedBy', () => {
  const resource = (resourceType: 'custom-model' | 'application-inference-profile', resourceId: string) =>
    ({ kind: 'resource', raw: `arn:aws:bedrock:us-east-1:123456789012:${resourceType}/${resourceId}`, resourceType, resourceId }) as const;

  it("finds a custom model's base model in its ARN", () => {
    expect(modelNamedBy(resource('custom-model', 'amazon.titan-text-express-v1:0:8k/abc123def456'))?.base).toBe('amazon.titan-text-express-v1:0:8k');
  });

  it('finds a model id used as a profile id (the naming convention), and nothing in an opaque id', () => {
    expect(modelNamedBy(resource('application-inference-profile', `us.${base}`))).toMatchObject({ base, provider: 'anthropic' });
    expect(modelNamedBy(resource('application-inference-profile', 'a1b2c3d4e5f6'))).toBeUndefined();
  });
});
