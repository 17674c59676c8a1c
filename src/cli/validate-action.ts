import type { Fixture } from '../core/fixtures/fixture.ts';
import { findShadowed } from '../core/fixtures/find-shadowed.ts';
import { readFixtureFiles } from '../adapters/node/load-fixture-files.ts';
import type { CliIo, CommandResult } from './cli-io.ts';

const where = (fixture: Fixture): string =>
  `${fixture.source.file}${fixture.source.line === undefined ? '' : `:${fixture.source.line}`} (${fixture.name})`;

/** The `validate` command's work, loaded only when the command runs. */
export async function runValidate(paths: string[], flags: { json: boolean }, io: CliIo, result: CommandResult): Promise<void> {
  const { fixtures, problems, files } = await readFixtureFiles(paths);
  const warnings = findShadowed(fixtures).map(({ fixture, by }) => ({
    file: fixture.source.file,
    line: fixture.source.line,
    fixture: fixture.name,
    shadowedBy: { name: by.name, file: by.source.file, line: by.source.line },
    message: `${where(fixture)} can never answer: ${where(by)} matches every request it matches and wins (higher priority, or loaded first). Narrow the winner or raise this fixture's priority.`,
  }));
  if (flags.json) {
    const report = {
      valid: problems.length === 0,
      files,
      fixtures: fixtures.length,
      problems: problems.map((problem) => ({ file: problem.file, line: problem.line ?? null, path: problem.fieldPath, reason: problem.reason, message: problem.toString() })),
      warnings,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const problem of problems) io.out(`${problem.toString()}\n`);
    for (const warning of warnings) io.out(`warning: ${warning.message}\n`);
    const summary = `${fixtures.length} fixture${fixtures.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`;
    const warned = warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
    io.out(`${problems.length === 0 ? `ok: ${summary}${warned}` : `failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}${warned} (${summary} loaded)`}\n`);
  }
  result.exitCode = problems.length === 0 ? 0 : 1;
}
