import os from 'node:os';
import path from 'node:path';
import { pythonRuntimes } from '../../src/aws-local/host/lambda-runtimes.ts';
import { defaultCacheDir, pythonWithRequirements } from '../../src/aws-local/runners/python-environment.ts';
import { defaultPythonRuntime, findPythonInterpreter } from '../../src/aws-local/runners/python-interpreter.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * A Python with a requirements file installed, for the suite's own checks
 * (mypy, simplejson): made the way the host makes a function's environment —
 * a venv of the machine's python3, pip from the index it is configured with,
 * kept under node_modules/.cache/bedrock-emulator (or `BEDROCK_EMULATOR_CACHE_DIR`)
 * so later runs start at once. Rejects, never skips, when Python or pip fails.
 *
 * @example
 * const python = await pythonWith('test/project/python/requirements.txt');
 */
export async function pythonWith(requirementsFile: string): Promise<string> {
  const search = { env: process.env, home: os.homedir() };
  const interpreter = await findPythonInterpreter(await defaultPythonRuntime(pythonRuntimes, search), search);
  const { python } = await pythonWithRequirements({ interpreter, requirementsFile: path.resolve(repoRoot, requirementsFile), cacheDir: defaultCacheDir(repoRoot, process.env), log: () => undefined });
  return python;
}
