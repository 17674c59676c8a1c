import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runMain } from './run-main.ts';
import { temporaryDir } from './temporary-dir.ts';

/**
 * `start` given a configuration file (`--quotas`, `--guardrails`, …) that is
 * not valid YAML, then one that is not there: each stops it with exit 1,
 * naming the file and what is wrong. `what` is the kind the messages name
 * (`quota file`), `fileName` the broken file's name.
 *
 * @example
 * await expectStartRefusesUnreadable('--quotas', 'quota file', 'quotas.yaml');
 */
export async function expectStartRefusesUnreadable(flag: string, what: string, fileName: string): Promise<void> {
  const dir = temporaryDir();
  const file = path.join(dir, fileName);
  writeFileSync(file, '- key: [unclosed\n');
  const broken = runMain(['start', '--port', '0', flag, file]);
  expect(await broken.exitCode).toBe(1);
  const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(broken.output().stderr).toMatch(new RegExp(`invalid ${escaped(what)} \\(1 problem\\):\\n {2}\\S+${escaped(fileName)}: cannot read the ${escaped(what)}: not valid YAML at line \\d+`));
  const missing = runMain(['start', '--port', '0', flag, path.join(dir, 'nothere.yaml')]);
  expect(await missing.exitCode).toBe(1);
  expect(missing.output().stderr).toContain(`cannot read the ${what}: no such file`);
}
