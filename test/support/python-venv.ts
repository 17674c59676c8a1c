import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const cacheDir = path.join(repoRoot, 'node_modules/.cache/bedrock-emulator-test');

/**
 * pip as the suite runs it: the machine's own index as pip is configured, no retries against a
 * registry that cannot be reached (each retry costs seconds per package), no prompts.
 */
const pipEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PIP_RETRIES: '0', PIP_DEFAULT_TIMEOUT: '5', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' });

/** What a failed command said, for an error a reader can act on. */
function said(error: unknown): string {
  const { stdout = '', stderr = '', message = String(error) } = error as { stdout?: string; stderr?: string; message?: string };
  return `${message}\n${stdout}${stderr}`.trim();
}

/**
 * The interpreter on PATH, by its own path (a version manager's shim costs most of a second per
 * start), and its version with it: what the venv is made from and keyed by.
 */
async function findPython(command: string): Promise<{ executable: string; identity: string }> {
  try {
    const { stdout } = await run(command, ['-c', 'import sys; print(sys.executable); print(sys.version)']);
    const [executable = '', ...version] = stdout.trim().split('\n');
    return { executable, identity: `${executable} ${version.join(' ')}` };
  } catch (error) {
    throw new Error(
      `${command} is needed to run the boto3 examples (examples/boto3/), and it did not run: ${said(error)}\n` +
        'Install Python 3 with venv and pip (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip), or set PYTHON to an interpreter.',
      { cause: error },
    );
  }
}

/**
 * Makes the venv in `dir` with the requirements installed. The venv gets no pip of its own: the
 * interpreter's pip installs into it (`--python`, pip 22.3 and later), which saves the ten
 * seconds ensurepip takes; an older pip gets the venv's own pip instead.
 */
async function makeVenv(python: string, dir: string, requirementsFile: string): Promise<void> {
  const install = ['install', '--quiet', '--requirement', requirementsFile];
  const pipFailed = (error: unknown) => new Error(`pip could not install ${path.relative(repoRoot, requirementsFile)} into a venv: ${said(error)}\nInstall pip for ${python} (Debian/Ubuntu: apt-get install python3-pip) and check that \`pip config list\` names an index that has these packages.`, { cause: error });
  try {
    await run(python, ['-m', 'venv', '--without-pip', dir]);
  } catch (error) {
    throw new Error(`${python} -m venv failed: ${said(error)}\nInstall Python's venv module (Debian/Ubuntu: apt-get install python3-venv).`, { cause: error });
  }
  try {
    await run(python, ['-m', 'pip', '--python', venvPython(dir), ...install], { env: pipEnv() });
  } catch (error) {
    if (!said(error).includes('no such option: --python')) throw pipFailed(error);
    try {
      await run(venvPython(dir), ['-m', 'ensurepip', '--default-pip']);
      await run(venvPython(dir), ['-m', 'pip', ...install], { env: pipEnv() });
    } catch (olderPipError) {
      throw pipFailed(olderPipError);
    }
  }
}

const venvPython = (dir: string): string => path.join(dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

/**
 * A Python interpreter with a requirements file installed: a venv made once and cached in
 * node_modules/.cache, keyed by the file's content and the interpreter (`PYTHON`, else
 * `python3`), so later runs start at once. Rejects, never skips, when Python, venv or pip is
 * missing, with what to install.
 *
 * @example
 * const { python } = await pythonWithRequirements('examples/boto3/requirements.txt');
 * await promisify(execFile)(python, ['examples/boto3/converse.py']);
 */
export async function pythonWithRequirements(requirementsFile: string): Promise<{ python: string; reused: boolean }> {
  const command = process.env['PYTHON'] ?? 'python3';
  const python = await findPython(command);
  const key = createHash('sha256')
    .update(python.identity)
    .update('\0')
    .update(readFileSync(requirementsFile))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheDir, `python-venv-${key}`);
  if (existsSync(path.join(dir, 'ready'))) return { python: venvPython(dir), reused: true };

  // Made aside and renamed into place: a run stopped half-way, or another run making the same
  // venv at the same time, never leaves a venv that looks ready and is not.
  mkdirSync(cacheDir, { recursive: true });
  // Only a complete venv is ever renamed here: a folder without its mark is not one of ours.
  if (!existsSync(path.join(dir, 'ready'))) rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    await makeVenv(python.executable, partial, requirementsFile);
    writeFileSync(path.join(partial, 'ready'), readFileSync(requirementsFile));
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another run put the same venv in place first: use that one.
      if (!existsSync(path.join(dir, 'ready'))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return { python: venvPython(dir), reused: false };
}
