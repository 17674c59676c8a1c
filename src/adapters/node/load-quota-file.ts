import { FixtureError, FixtureProblem } from '../../core/errors/fixture-error.ts';
import { readConfigFile } from './read-config-file.ts';
import { describeIssue, formatPath } from '../../core/fixtures/format-schema-issue.ts';
import { quotaFileSchema, type QuotaRule } from '../../emulator/call/quotas.ts';

/**
 * Reads a quota file (JSON or YAML): a list of rules, or `{ "quotas": [...] }`.
 * Every problem is reported with the file and field, like fixture problems.
 *
 * @example
 * const quotas = await loadQuotaFile('quotas.yaml');
 */
export async function loadQuotaFile(file: string): Promise<QuotaRule[]> {
  const content = await readConfigFile(file, 'quota file');
  const result = quotaFileSchema.safeParse(content, { reportInput: true });
  if (!result.success) {
    throw new FixtureError(result.error.issues.map((issue) => new FixtureProblem(file, formatPath(issue.path), describeIssue(issue))));
  }
  return Array.isArray(result.data) ? result.data : result.data.quotas;
}
