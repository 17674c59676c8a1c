import { describe, expect, it } from 'vitest';
import { formatPath } from '../../core/fixtures/format-schema-issue.ts';
import { modelsFileSchema } from './models-file-schema.ts';

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';

const problemsOf = (file: unknown): string[] => {
  const result = modelsFileSchema.safeParse(file);
  return result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
};

describe('modelsFileSchema', () => {
  it('takes resources by ARN or short id, and prompts with versions', () => {
    expect(
      problemsOf({
        models: { 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6': haiku, abc123def456: `us.${haiku}` },
        prompts: { TRIPPLAN01: { model: haiku, text: 'Plan a day in {{city}}.', inferenceConfig: { maxTokens: 300 }, versions: { '1': { system: 'Be brief.' } } } },
      }),
    ).toEqual([]);
  });

  it('names each malformed field, all at once', () => {
    expect(
      problemsOf({
        models: { a1b2c3d4e5f6: 'acme.model-v1' },
        prompts: { NOTEMPLATE: { model: haiku }, VERSIONED1: { model: haiku, text: 'x', versions: { latest: {} } } },
        extra: true,
      }),
    ).toEqual([
      expect.stringMatching(/^models\.a1b2c3d4e5f6: expected a foundation model id/),
      expect.stringMatching(/^prompts\.NOTEMPLATE: a prompt needs a template/),
      expect.stringMatching(/^prompts\.VERSIONED1\.versions\.latest: expected a version number/),
      expect.stringMatching(/^: Unrecognized key: "extra"/),
    ]);
  });

  it('checks keys once the values are right', () => {
    expect(problemsOf({ models: { 'arn:aws:bedrock:us-east-1:123456789012:foundation-model/x': haiku, [haiku]: haiku }, prompts: { 'bad id': { model: haiku, text: 'x' } } })).toEqual([
      expect.stringMatching(/^models\.arn:aws:bedrock:us-east-1:123456789012:foundation-model\/x: expected the ARN of a model resource/),
      expect.stringMatching(/^models\.anthropic\.claude-3-5-haiku-20241022-v1:0: a foundation model id needs no mapping/),
      expect.stringMatching(/^prompts\.bad id: expected a prompt id/),
    ]);
  });
});
