import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PythonInterpreter } from './python-interpreter.ts';

const run = promisify(execFile);

/** The mark a complete environment carries; one without it is a leftover and made again. */
const readyMark = 'bedrock-emulator-ready';

/**
 * Where the host keeps what it builds once and reuses (Python environments):
 * `BEDROCK_EMULATOR_CACHE_DIR`, else `node_modules/.cache/bedrock-emulator`
 * in a folder with a node_modules (the project's), else the user's cache
 * folder (`$XDG_CACHE_HOME` or `~/.cache`).
 *
 * @example
 * defaultCacheDir(process.cwd(), process.env, os.homedir()) // '/app/node_modules/.cache/bedrock-emulator'
 */
export function defaultCacheDir(cwd: string, env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  const configured = env['BEDROCK_EMULATOR_CACHE_DIR'];
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  if (existsSync(path.join(cwd, 'node_modules'))) return path.join(cwd, 'node_modules', '.cache', 'bedrock-emulator');
  return path.join(env['XDG_CACHE_HOME'] ?? path.join(home, '.cache'), 'bedrock-emulator');
}

/**
 * A Python environment with a function's `requirements.txt` installed, as
 * `sam build` installs it: a venv of the runtime's interpreter, filled by
 * pip from the index pip is configured with (`pip config list`), made once
 * and kept under the cache folder by the interpreter, the file's path and
 * its content (a changed file gets a fresh one). pip is told not to retry
 * and not to wait long (an index that cannot be reached fails in seconds,
 * not minutes); when it fails, the error says what it said.
 *
 * @example
 * const { python } = await pythonWithRequirements({ interpreter, requirementsFile: 'fn/requirements.txt', cacheDir, log: console.error });
 */
export async function pythonWithRequirements(options: {
  readonly interpreter: PythonInterpreter;
  readonly requirementsFile: string;
  readonly cacheDir: string;
  /** Told once when an install starts, which may take a while. */
  readonly log: (line: string) => void;
}): Promise<{ readonly python: string; readonly dir: string; readonly reused: boolean }> {
  const { interpreter, requirementsFile } = options;
  const requirements = readFileSync(requirementsFile);
  const key = createHash('sha256').update(interpreter.command).update('\0').update(interpreter.version).update('\0').update(path.resolve(requirementsFile)).update('\0').update(requirements).digest('hex').slice(0, 16);
  const dir = path.join(options.cacheDir, 'python', `${interpreter.version}-${key}`);
  // Kept only while whole: a venv whose interpreter is gone (its Python uninstalled, the cache pruned) is made again.
  if (existsSync(path.join(dir, readyMark)) && existsSync(venvPython(dir))) return { python: venvPython(dir), dir, reused: true };

  options.log(`installing ${requirementsFile} for Python ${interpreter.version} (once; kept in ${dir})`);
  // Made aside and renamed into place: a run stopped half-way, or another making the same one at
  // the same time, never leaves an environment that looks ready and is not.
  mkdirSync(path.dirname(dir), { recursive: true });
  // A folder without the mark (or without its interpreter) is a leftover, never one of ours in use.
  if (!existsSync(path.join(dir, readyMark)) || !existsSync(venvPython(dir))) rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    await makeEnvironment(interpreter.command, partial, requirementsFile);
    writeFileSync(path.join(partial, readyMark), requirements);
    try {
      renameSync(partial, dir);
    } catch (error) {
      if (!existsSync(path.join(dir, readyMark))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return { python: venvPython(dir), dir, reused: false };
}

const venvPython = (dir: string): string => path.join(dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

/** pip as the host runs it: the configured index, no retries against one that cannot be reached, no prompts. */
const pipEnvironment = (): NodeJS.ProcessEnv => ({ ...process.env, PIP_RETRIES: '0', PIP_DEFAULT_TIMEOUT: '15', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' });

/**
 * A venv with the requirements in it. The interpreter's own pip installs
 * into a venv made without one (faster) when it can (pip 22.3 or later:
 * `--python`); else the venv gets its own pip first.
 */
async function makeEnvironment(interpreter: string, dir: string, requirementsFile: string): Promise<void> {
  const outerPip = await pipVersion(interpreter);
  const usesOuterPip = outerPip !== undefined && (outerPip[0] > 22 || (outerPip[0] === 22 && outerPip[1] >= 3));
  try {
    await run(interpreter, ['-m', 'venv', ...(usesOuterPip ? ['--without-pip'] : []), dir], { timeout: 120_000 });
  } catch (error) {
    throw new Error(`${interpreter} -m venv failed: ${said(error)}\nInstall Python's venv module (Debian/Ubuntu: apt-get install python3-venv).`, { cause: error });
  }
  const [command, args] = usesOuterPip ? [interpreter, ['-m', 'pip', '--python', venvPython(dir)]] : [venvPython(dir), ['-m', 'pip']];
  try {
    await run(command, [...args, 'install', '--requirement', path.resolve(requirementsFile)], { cwd: path.dirname(path.resolve(requirementsFile)), env: pipEnvironment(), timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(
      `pip could not install ${requirementsFile} (from the index pip is configured with; see \`pip config list\`): ${said(error)}\n` +
        'Check that each requirement names a package that index has, or give pip a reachable index (PIP_INDEX_URL).',
      { cause: error },
    );
  }
}

async function pipVersion(interpreter: string): Promise<[number, number] | undefined> {
  try {
    const { stdout } = await run(interpreter, ['-m', 'pip', '--version'], { env: pipEnvironment(), timeout: 30_000 });
    const match = /^pip (\d+)\.(\d+)/.exec(stdout);
    return match === null ? undefined : [Number(match[1]), Number(match[2])];
  } catch {
    return undefined;
  }
}

/** What a failed command said: its last lines, which hold pip's reason. */
function said(error: unknown): string {
  const { stdout = '', stderr = '', message = String(error) } = error as { stdout?: string; stderr?: string; message?: string };
  const output = `${stdout}${stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !/is ignored: it is neither a file nor a directory/.test(line))
    .slice(-12)
    .join('\n');
  return output === '' ? message : output;
}
