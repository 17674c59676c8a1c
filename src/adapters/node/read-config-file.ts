import { readFile } from 'node:fs/promises';
import { FixtureError, FixtureProblem } from '../../core/errors/fixture-error.ts';

/**
 * Reads a configuration file the emulator takes (keys, guardrails, models,
 * quotas): JSON for `.json`, YAML for any other extension (the YAML parser
 * is loaded only then). A file that cannot be read or parsed is a
 * `FixtureError` naming the file and where it breaks — never quoting the
 * line, which may hold a secret (a keys file does).
 *
 * @example
 * const content = await readConfigFile('guardrails.yaml', 'guardrails file');
 */
export async function readConfigFile(file: string, what: string): Promise<unknown> {
  try {
    const text = await readFile(file, 'utf8');
    return file.endsWith('.json') ? JSON.parse(text) : (await import('yaml')).parse(text);
  } catch (error) {
    const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}${where}`;
    throw new FixtureError([new FixtureProblem(file, '', `cannot read the ${what}: ${reason}`)], what);
  }
}
