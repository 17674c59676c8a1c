import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
const promptArn = 'arn:aws:bedrock:us-east-1:123456789012:prompt/TRIPPLAN01';

const modelsYaml = `models:
  ${profileArn}: anthropic.claude-3-5-haiku-20241022-v1:0
  abc123def456: meta.llama3-8b-instruct-v1:0
prompts:
  TRIPPLAN01:
    model: anthropic.claude-3-5-haiku-20241022-v1:0
    text: "Plan {{days}} days in {{city}}."
`;

const fixtures = [
  { match: { model: 'anthropic.claude-3-5-haiku*', lastUserMessage: { equals: 'Plan 2 days in Rome.' } }, response: { text: 'Day 1: the Colosseum.' } },
  { match: { model: 'anthropic.claude-3-5-haiku*' }, response: { text: 'Haiku, through a profile.' } },
];

/** A Converse call over plain fetch, the model id percent-encoded as the AWS SDK sends it. */
async function converse(url: string, modelId: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/model/${encodeURIComponent(modelId)}/converse`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const answerOf = (json: Record<string, unknown>): unknown => (json as { output?: { message?: { content?: { text?: string }[] } } }).output?.message?.content?.[0]?.text;

describe('start --models FILE', () => {
  it('serves the profiles, models and prompts the file declares, and says how many it loaded', async () => {
    const dir = temporaryDir();
    writeFileSync(path.join(dir, 'models.yaml'), modelsYaml);
    writeFileSync(path.join(dir, 'fixtures.json'), JSON.stringify(fixtures));
    const cliRun = runMain(['start', '--port', '0', '--speed', '0', '--fixtures', path.join(dir, 'fixtures.json'), '--models', path.join(dir, 'models.yaml')]);
    const url = await cliRun.listening();
    expect(cliRun.output().stdout).toContain(`models from ${path.join(dir, 'models.yaml')}: 2 model resources, 1 prompt\n`);
    const viaProfile = await converse(url, profileArn, { messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    expect([viaProfile.status, answerOf(viaProfile.json)]).toEqual([200, 'Haiku, through a profile.']);
    const viaPrompt = await converse(url, promptArn, { promptVariables: { city: { text: 'Rome' }, days: { text: '2' } } });
    expect([viaPrompt.status, answerOf(viaPrompt.json)]).toEqual([200, 'Day 1: the Colosseum.']);
    const unknown = await converse(url, 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/zzzzzzzzzzzz', { messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toMatch(/^The provided model identifier is invalid\./);
    expect(await cliRun.stop()).toBe(0);
  });

  it('refuses a malformed models file at load time, naming the file and each field, and exits 1', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'models.json');
    writeFileSync(
      file,
      JSON.stringify({
        models: { a1b2c3d4e5f6: 'claude-3-haiku' },
        prompts: { TRIPPLAN01: { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', text: 'x', inferenceConfig: { maxTokens: 0 } }, NOTEMPLATE: { model: 'anthropic.claude-3-5-haiku-20241022-v1:0' } },
      }),
    );
    const cliRun = runMain(['start', '--port', '0', '--models', file]);
    expect(await cliRun.exitCode).toBe(1);
    const { stderr } = cliRun.output();
    expect(stderr).toContain('invalid models file (3 problems)');
    expect(stderr).toContain(`${file}: models.a1b2c3d4e5f6: expected a foundation model id of a provider Bedrock serves`);
    expect(stderr).toContain(`${file}: prompts.TRIPPLAN01.inferenceConfig.maxTokens: expected a value >= 1, got 0`);
    expect(stderr).toContain(`${file}: prompts.NOTEMPLATE: a prompt needs a template: give text or messages`);
  });

  it('names a models file that is not there, or not YAML', async () => {
    const dir = temporaryDir();
    const missing = runMain(['start', '--port', '0', '--models', path.join(dir, 'nothere.yaml')]);
    expect(await missing.exitCode).toBe(1);
    expect(missing.output().stderr).toBe(`bedrock-emulator: invalid models file (1 problem):\n  ${path.join(dir, 'nothere.yaml')}: cannot read the models file: no such file\n`);
    writeFileSync(path.join(dir, 'broken.yaml'), 'models: [unclosed\n');
    const broken = runMain(['start', '--port', '0', '--models', path.join(dir, 'broken.yaml')]);
    expect(await broken.exitCode).toBe(1);
    expect(broken.output().stderr).toContain(`${path.join(dir, 'broken.yaml')}: cannot read the models file: `);
  });
});
