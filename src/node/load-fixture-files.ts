import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FixtureError, FixtureProblem } from '../errors/fixture-error.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import { parseFixtures } from '../fixtures/parse-fixtures.ts';

/**
 * Loads every `.json` fixture file under the given files or folders (folders
 * recursively, files in name order, which is also match order). Collects every
 * problem in every file and throws one `FixtureError` listing them all.
 *
 * @example
 * const fixtures = await loadFixtureFiles(['fixtures']);
 */
export async function loadFixtureFiles(paths: readonly string[]): Promise<Fixture[]> {
  const files: string[] = [];
  const problems: FixtureProblem[] = [];
  for (const entry of paths) {
    try {
      files.push(...(await listFixtureFiles(entry)));
    } catch (error) {
      problems.push(new FixtureProblem(entry, '', `cannot read: ${(error as Error).message}`));
    }
  }
  const fixtures: Fixture[] = [];
  for (const file of files) {
    const parsed = await parseFixtureFile(file);
    fixtures.push(...parsed.fixtures);
    problems.push(...parsed.problems);
  }
  if (problems.length > 0) throw new FixtureError(problems);
  return fixtures;
}

async function listFixtureFiles(entry: string): Promise<string[]> {
  const info = await stat(entry);
  if (info.isFile()) return [entry];
  const names = await readdir(entry, { recursive: true });
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(entry, name));
}

async function parseFixtureFile(file: string): Promise<{ fixtures: readonly Fixture[]; problems: readonly FixtureProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { fixtures: [], problems: [new FixtureProblem(file, '', `cannot read: ${(error as Error).message}`)] };
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return { fixtures: [], problems: [new FixtureProblem(file, '', `not valid JSON: ${message}`, jsonErrorLine(message, text))] };
  }
  return parseFixtures(content, file);
}

/** The line V8 names in a JSON syntax error, or the line of the position it names. */
function jsonErrorLine(message: string, text: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line?.[1] !== undefined) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}
