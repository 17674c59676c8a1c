import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FixtureError, FixtureProblem } from '../../core/errors/fixture-error.ts';
import type { Fixture } from '../../core/fixtures/fixture.ts';
import { fixtureFormatOf, parseFixtureText } from '../../core/fixtures/parse-fixture-text.ts';

export type LoadedFixtures = {
  readonly fixtures: readonly Fixture[];
  readonly problems: readonly FixtureProblem[];
  /** The fixture files read, in match order. */
  readonly files: readonly string[];
  /** A digest of the files' names and contents: equal when nothing that was read changed. */
  readonly signature: string;
};

/**
 * Reads every fixture file (`.json`, `.yaml`, `.yml`) under the given files or
 * folders (folders recursively; files sorted by path, which is also match
 * order) and validates them all. Never throws: problems are returned, every
 * one of them, each with file, line and field.
 *
 * @example
 * const { fixtures, problems } = await readFixtureFiles(['fixtures']);
 */
export async function readFixtureFiles(paths: readonly string[]): Promise<LoadedFixtures> {
  const files: string[] = [];
  const problems: FixtureProblem[] = [];
  for (const entry of paths) {
    try {
      files.push(...(await listFixtureFiles(entry)));
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push(new FixtureProblem(entry, '', missing ? 'no such file or folder; write a fixture there with `bedrock-emulator new --prompt "…" --text "…" --out <file>`' : `cannot read: ${(error as Error).message}`));
    }
  }
  const fixtures: Fixture[] = [];
  const digest = createHash('sha256').update(problems.map(String).join('\n'));
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push(new FixtureProblem(file, '', `cannot read: ${(error as Error).message}`));
      continue;
    }
    digest.update(`\0${file}\0${text}`);
    const parsed = await parseFixtureText(text, file, fixtureFormatOf(file) ?? 'json');
    for (const fixture of parsed.fixtures) fixtures.push(fixture);
    for (const problem of parsed.problems) problems.push(problem);
  }
  return { fixtures, problems, files, signature: digest.digest('hex') };
}

/**
 * Like `readFixtureFiles`, but throws one `FixtureError` listing every problem.
 *
 * @example
 * const fixtures = await loadFixtureFiles(['fixtures']);
 */
export async function loadFixtureFiles(paths: readonly string[]): Promise<Fixture[]> {
  const { fixtures, problems } = await readFixtureFiles(paths);
  if (problems.length > 0) throw new FixtureError(problems);
  return [...fixtures];
}

async function listFixtureFiles(entry: string): Promise<string[]> {
  const info = await stat(entry);
  if (info.isFile()) return [entry];
  const names = await readdir(entry, { recursive: true });
  return names
    .filter((name) => fixtureFormatOf(name) !== undefined)
    .sort()
    .map((name) => path.join(entry, name));
}
