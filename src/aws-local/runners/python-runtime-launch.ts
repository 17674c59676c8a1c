import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FunctionConfig } from '../host/function-config.ts';
import type { PythonRuntime } from '../host/lambda-runtimes.ts';
import { pythonWithRequirements } from './python-environment.ts';
import { findPythonInterpreter, type PythonSearch } from './python-interpreter.ts';
import type { RuntimeLaunch } from './runtime-runner.ts';

const run = promisify(execFile);

/** The package of the project's own Python runtime interface client, shipped beside this file. */
const runtimeClientPackage = 'bedrock_emulator_runtime';

export type PythonLaunchOptions = {
  /** Where environments for `requirements.txt` are kept (see `defaultCacheDir`). */
  readonly cacheDir: string;
  /** Where interpreters are looked for. Default: this process's environment and home folder. */
  readonly search?: PythonSearch;
  /** Told when a `requirements.txt` install starts. */
  readonly log: (line: string) => void;
};

/**
 * How a Python handler's execution environment starts
 * (docs/runtimes.md#python-managed-runtimes): the interpreter of the
 * function's runtime (or the machine's `python3` in its place), in a venv
 * with its `requirements.txt` when it has one, running in its code folder
 * under a runtime interface client — the real `awslambdaric` when the
 * function's environment has it (a requirement, or a copy in the code
 * folder), else the project's own, which follows the same contract. With it,
 * the lines the host says once at start: which interpreter, which client.
 *
 * @example
 * const { launch, notes } = await pythonRuntimeLaunch(config, { cacheDir, log: console.error });
 */
export async function pythonRuntimeLaunch(config: FunctionConfig & { readonly runtime: PythonRuntime }, options: PythonLaunchOptions): Promise<{ readonly launch: RuntimeLaunch; readonly notes: readonly string[] }> {
  const interpreter = await findPythonInterpreter(config.runtime, options.search ?? { env: process.env, home: os.homedir() });
  const requirementsFile = path.join(config.codeDir, 'requirements.txt');
  const notes: string[] = [];
  let python = interpreter.command;
  if (existsSync(requirementsFile)) {
    const environment = await pythonWithRequirements({ interpreter, requirementsFile, cacheDir: options.cacheDir, log: options.log });
    python = environment.python;
    notes.push(`${requirementsFile}: installed in ${environment.dir}${environment.reused ? ' (kept from an earlier run)' : ''}`);
  }
  const realClient = await hasAwsLambdaRic(python, config.codeDir);
  const client = realClient ? "awslambdaric (found in the function's environment)" : "the emulator's Python runtime interface client";
  const minor = config.runtime.slice('python'.length);
  notes.unshift(
    interpreter.exact
      ? `${config.runtime}: Python ${interpreter.version} (${interpreter.command}) under ${client}`
      : `${config.runtime}: this machine has no Python ${minor} (none in pyenv, no ${config.runtime} on PATH), so its python3 stands in: Python ${interpreter.version} (${interpreter.command}) under ${client}`,
  );
  const runtimeDir = pythonRuntimeDir();
  return {
    launch: {
      command: python,
      // -u: the function's prints reach the log as they happen, as Lambda's runtime makes them.
      // -B: no __pycache__ written into the code folder, which on Lambda is read-only.
      args: ['-u', '-B', '-m', realClient ? 'awslambdaric' : runtimeClientPackage, config.handler],
      cwd: config.codeDir,
      environment: { LAMBDA_TASK_ROOT: config.codeDir, _HANDLER: config.handler, LAMBDA_RUNTIME_DIR: runtimeDir, ...(realClient ? {} : { PYTHONPATH: runtimeDir }) },
      cleanUp: () => undefined,
    },
    notes,
  };
}

/** Whether `awslambdaric` imports in this interpreter, from the code folder (a copy there counts, as in a deployment package). */
async function hasAwsLambdaRic(python: string, codeDir: string): Promise<boolean> {
  try {
    await run(python, ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("awslambdaric") else 3)'], { cwd: codeDir, timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding the Python runtime client: beside this module (in
 * src/ and in the package's dist/), or — from the bundled bin, whose chunks
 * lie elsewhere — the package's dist/ or src/ copy found above it.
 */
function pythonRuntimeDir(): string {
  const holds = (dir: string): boolean => existsSync(path.join(dir, runtimeClientPackage, '__main__.py'));
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const found = [path.join(dir, 'python'), path.join(dir, 'aws-local/runners/python'), path.join(dir, 'src/aws-local/runners/python'), path.join(dir, 'dist/aws-local/runners/python')].find(holds);
    if (found !== undefined) return found;
    if (path.dirname(dir) === dir) throw new Error(`the Python runtime client (${runtimeClientPackage}) is missing from the package above ${import.meta.dirname}: reinstall bedrock-emulator`);
  }
}
