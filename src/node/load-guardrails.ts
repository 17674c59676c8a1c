import { readFile } from 'node:fs/promises';
import { FixtureError, FixtureProblem } from '../errors/fixture-error.ts';
import type { GuardrailDefinition } from '../guardrails/guardrail-schema.ts';
import { checkGuardrails } from '../guardrails/guardrail-set.ts';

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
  let content: unknown;
  try {
    const text = await readFile(file, 'utf8');
    content = file.endsWith('.json') ? JSON.parse(text) : (await import('yaml')).parse(text);
  } catch (error) {
    const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}${where}: ${(error as Error).message.split('\n')[0] ?? ''}`;
    throw new FixtureError([new FixtureProblem(file, '', `cannot read the guardrails file: ${reason}`)], 'guardrails file');
  }
  const checked = checkGuardrails(content, file);
  if (checked.kind === 'problems') throw new FixtureError(checked.problems, 'guardrails file');
  const list = Array.isArray(content) ? content : (content as { guardrails: GuardrailDefinition[] }).guardrails;
  return list as GuardrailDefinition[];
}
