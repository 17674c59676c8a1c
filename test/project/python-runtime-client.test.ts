import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/aws-local/runners/python-environment.ts';
import { pythonWith } from '../support/python-tools.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const runtimeDir = path.join(repoRoot, 'src/aws-local/runners/python');

/**
 * The Python runtime interface client as code: typed throughout (mypy
 * --strict), and writing results as AWS's runtime does (its encoder,
 * simplejson, set up as AWS sets it up, over a table of values).
 */
describe('the Python runtime interface client', () => {
  let python: string;
  beforeAll(async () => {
    ({ python } = await pythonWith('test/project/python/requirements.txt'));
  }, 300_000);

  it('passes mypy --strict', async () => {
    const checked = await run(python, ['-m', 'mypy', '--strict', '--cache-dir', path.join(defaultCacheDir(repoRoot, process.env), 'mypy'), path.join(runtimeDir, 'bedrock_emulator_runtime')], { cwd: repoRoot }).catch((error: { stdout: string }) => error);
    expect(checked.stdout).toMatch(/^Success: no issues found in \d+ source files/);
  }, 120_000);

  it("writes every result as simplejson does under AWS's settings, and fails the same ones", async () => {
    const { stdout } = await run(python, ['-B', path.join(repoRoot, 'test/project/python/compare_encoders.py')], { env: { ...process.env, PYTHONPATH: runtimeDir } });
    expect(JSON.parse(stdout)).toEqual([]);
  }, 60_000);
});
