import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PythonRuntime } from '../host/lambda-runtimes.ts';

const run = promisify(execFile);

/** A Python interpreter on this machine, and whether it is the version a runtime asked for. */
export type PythonInterpreter = {
  /** The executable, e.g. `/root/.pyenv/versions/3.12.1/bin/python3.12`. */
  readonly command: string;
  /** `major.minor.micro`, as it reports itself. */
  readonly version: string;
  /** True when it is the runtime's own version; false when the machine's `python3` stands in for it. */
  readonly exact: boolean;
};

/** Where interpreters are looked for: this process's `PATH` and `PYENV_ROOT`, and the home folder. */
export type PythonSearch = { readonly env: NodeJS.ProcessEnv; readonly home: string };

/**
 * The interpreter of a Python runtime's version: pyenv's (the highest patch
 * release under `$PYENV_ROOT/versions`, default `~/.pyenv`), else `python3.X`
 * on `PATH`; when the machine has neither, its `python3` stands in (marked
 * `exact: false`, for the host to say so). Each candidate is run once to
 * check it works and is that version (a pyenv shim may name a version that
 * is not installed).
 *
 * @example
 * await findPythonInterpreter('python3.12', { env: process.env, home: os.homedir() }) // { command: '/root/.pyenv/versions/3.12.1/bin/python3.12', version: '3.12.1', exact: true }
 */
export async function findPythonInterpreter(runtime: PythonRuntime, search: PythonSearch): Promise<PythonInterpreter> {
  const minor = runtime.slice('python'.length);
  const command = `python${minor}`;
  const pyenvRoot = search.env['PYENV_ROOT'] ?? path.join(search.home, '.pyenv');
  const candidates = [...pyenvVersions(pyenvRoot, minor).map((version) => path.join(pyenvRoot, 'versions', version, 'bin', command)), ...onPath(command, search.env)];
  for (const candidate of candidates) {
    const version = await versionOf(candidate);
    if (version !== undefined && `${version.split('.').slice(0, 2).join('.')}` === minor) return { command: candidate, version, exact: true };
  }
  for (const candidate of onPath('python3', search.env)) {
    const version = await versionOf(candidate);
    if (version !== undefined) return { command: candidate, version, exact: false };
  }
  throw new Error(`${runtime} needs Python, and this machine has neither ${command} (in ${path.join(pyenvRoot, 'versions')} or on PATH) nor python3 on PATH: install Python 3 (e.g. apt-get install python3 python3-venv, or pyenv install ${minor})`);
}

/**
 * The Lambda runtime to use for a Python handler when none is given: the
 * machine's `python3`'s version, when Lambda has that runtime, else the newest.
 *
 * @example
 * await defaultPythonRuntime(['python3.11', 'python3.12'], { env: process.env, home: os.homedir() }) // 'python3.11' on a machine whose python3 is 3.11.7
 */
export async function defaultPythonRuntime(runtimes: readonly PythonRuntime[], search: PythonSearch): Promise<PythonRuntime> {
  for (const candidate of onPath('python3', search.env)) {
    const version = await versionOf(candidate);
    if (version === undefined) continue;
    const runtime = runtimes.find((known) => known === `python${version.split('.').slice(0, 2).join('.')}`);
    if (runtime !== undefined) return runtime;
    break;
  }
  return runtimes[runtimes.length - 1] ?? 'python3.14';
}

/** pyenv's installed versions of 3.X (`3.12.1`, not `3.12.1t` or `3.12-dev`), highest patch first. */
function pyenvVersions(pyenvRoot: string, minor: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(pyenvRoot, 'versions'));
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${minor.replace('.', '\\.')}\\.(\\d+)$`);
  return entries
    .map((entry) => ({ entry, patch: pattern.exec(entry)?.[1] }))
    .filter((found): found is { entry: string; patch: string } => found.patch !== undefined)
    .sort((a, b) => Number(b.patch) - Number(a.patch))
    .map((found) => found.entry);
}

/** Every executable called `command` in the `PATH`'s folders, in order. */
function onPath(command: string, env: NodeJS.ProcessEnv): string[] {
  return (env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, command))
    .filter((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** The version a Python 3 interpreter reports, or undefined when it does not run. */
async function versionOf(command: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { timeout: 15_000 });
    const version = stdout.trim();
    return /^3\.\d+\.\d+$/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}
