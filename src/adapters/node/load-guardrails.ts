import { FixtureError } from '../../core/errors/fixture-error.ts';
import { readConfigFile } from './read-config-file.ts';
import type { GuardrailDefinition } from '../../emulator/guardrails/guardrail-schema.ts';
import { checkGuardrails } from '../../emulator/guardrails/guardrail-set.ts';

/**
 * Reads a guardrails file (JSON, or YAML for any other extension): a list of
 * guardrails or `{ guardrails: [...] }`. Every problem is reported at once,
 * with the file and the field (`guardrails[0].contentPolicy.filters[1].type: …`).
 *
 * @example
 * const guardrails = await loadGuardrailsFile('guardrails.yaml');
 * await startEmulator({ guardrails });
 */
export async function loadGuardrailsFile(file: string): Promise<GuardrailDefinition[]> {
  const content = await readConfigFile(file, 'guardrails file');
  const checked = checkGuardrails(content, file);
  if (checked.kind === 'problems') throw new FixtureError(checked.problems, 'guardrails file');
  const list = Array.isArray(content) ? content : (content as { guardrails: GuardrailDefinition[] }).guardrails;
  return list as GuardrailDefinition[];
}
