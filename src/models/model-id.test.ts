import { describe, expect, it } from 'vitest';
import { parseModelId } from './model-id.ts';

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
