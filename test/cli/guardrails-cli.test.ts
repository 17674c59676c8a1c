import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeBody, haiku } from '../support/emulator.ts';
import { expectStartRefusesUnreadable } from '../support/config-files.ts';
import { runMain } from '../support/run-main.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

const guardrailsYaml = `guardrails:
  - id: support1
    blockedInputMessaging: Sorry, I cannot help with that request.
    blockedOutputsMessaging: Sorry, the answer was withheld.
    topicPolicy:
      topics:
        - name: Investment advice
          definition: Recommendations on investing money.
          keywords: [stock tips]
`;

describe('start --guardrails FILE', () => {
  it('loads the guardrails, says so, and applies them', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'guardrails.yaml');
    writeFileSync(file, guardrailsYaml);
    const cliRun = runMain(['start', '--port', '0', '--speed', '0', '--guardrails', file]);
    const url = await cliRun.listening();
    expect(cliRun.output().stdout).toContain(`loaded 1 guardrail from ${file}\n`);
    const response = await fetch(`${url}/model/${haiku}/invoke`, {
      method: 'POST',
      headers: { 'X-Amzn-Bedrock-GuardrailIdentifier': 'support1', 'X-Amzn-Bedrock-GuardrailVersion': 'DRAFT' },
      body: claudeBody('Any stock tips?'),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body['content']).toEqual([{ type: 'text', text: 'Sorry, I cannot help with that request.' }]);
    expect(body['amazon-bedrock-guardrailAction']).toBe('INTERVENED');
    expect(await cliRun.stop()).toBe(0);
  });

  it('refuses a malformed guardrails file, naming the file and each field, and exits 1', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'guardrails.json');
    writeFileSync(file, JSON.stringify([{ id: 'support1', blockedInputMessaging: 'No.', contentPolicy: { filters: [{ type: 'GORE', inputStrength: 'HIGH', outputStrength: 'HIGH' }] } }]));
    const cliRun = runMain(['start', '--port', '0', '--guardrails', file]);
    expect(await cliRun.exitCode).toBe(1);
    const { stderr } = cliRun.output();
    expect(stderr).toContain('invalid guardrails file (2 problems)');
    expect(stderr).toContain(`${file}: [0].blockedOutputsMessaging: required field is missing (expected a string)`);
    expect(stderr).toContain(`${file}: [0].contentPolicy.filters[0].type: expected one of "HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK", got "GORE"`);
  });

  it('refuses a guardrails file that is not YAML, or not there', async () => {
    await expectStartRefusesUnreadable('--guardrails', 'guardrails file', 'guardrails.yaml');
  });
});
