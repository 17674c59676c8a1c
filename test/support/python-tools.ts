import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pythonRuntimes } from '../../src/aws-local/host/lambda-runtimes.ts';
import { defaultCacheDir, pythonWithRequirements } from '../../src/aws-local/runners/python-environment.ts';
import { defaultPythonRuntime, findPythonInterpreter, type PythonInterpreter } from '../../src/aws-local/runners/python-interpreter.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * A Python with a requirements file installed, for the suite's own checks
 * (the boto3 examples, mypy, simplejson): made the way the host makes a
 * function's environment — a venv of the machine's python3 (or of the
 * interpreter `PYTHON` names), pip from the index it is configured with,
 * kept under node_modules/.cache/bedrock-emulator (or
 * `BEDROCK_EMULATOR_CACHE_DIR`) so later runs start at once. Rejects, never
 * skips, when Python, venv or pip fails, with what to install.
 *
 * @example
 * const { python } = await pythonWith('test/project/python/requirements.txt');
 */
export async function pythonWith(requirementsFile: string): Promise<{ python: string; reused: boolean }> {
  const interpreter = await suiteInterpreter();
  const { python, reused } = await pythonWithRequirements({ interpreter, requirementsFile: path.resolve(repoRoot, requirementsFile), cacheDir: defaultCacheDir(repoRoot, process.env), log: () => undefined });
  return { python, reused };
}

/** `PYTHON` when set (an interpreter chosen for the suite), else the one the host would pick for a Python handler. */
async function suiteInterpreter(): Promise<PythonInterpreter> {
  const chosen = process.env['PYTHON'];
  if (chosen === undefined || chosen === '') {
    const search = { env: process.env, home: os.homedir() };
    return findPythonInterpreter(await defaultPythonRuntime(pythonRuntimes, search), search);
  }
  try {
    const { stdout } = await run(chosen, ['-c', 'import platform; print(platform.python_version())']);
    return { command: chosen, version: stdout.trim(), exact: false };
  } catch (error) {
    throw new Error(`PYTHON=${chosen} did not run: ${(error as Error).message}\nSet PYTHON to a Python 3 interpreter with venv and pip, or unset it to use python3.`, { cause: error });
  }
}
