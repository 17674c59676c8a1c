import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach } from 'vitest';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repoRoot, 'src/cli/bin.ts');
const running: ChildProcessByStdio<null, Readable, Readable>[] = [];

// Stop each CLI as a user would (SIGTERM), so it closes what it opened and removes what it wrote.
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stopGracefully(child)));
});

async function stopGracefully(child: ChildProcessByStdio<null, Readable, Readable>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(forced);
}

export type CliRun = ReturnType<typeof runCli>;

/**
 * Runs the real CLI (`node src/cli/bin.ts …`, or the `bin` given) on this
 * Node, collecting its output; killed after the test.
 *
 * @example
 * const run = runCli(['start', '--port', '0']); const url = await run.listening();
 */
export function runCli(args: string[], options: { cwd?: string; bin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [options.bin ?? cli, ...args], { cwd: options.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...(options.env === undefined ? {} : { env: options.env }) });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async listening(): Promise<string> {
      for (;;) {
        const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (url !== undefined) return url;
        if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
