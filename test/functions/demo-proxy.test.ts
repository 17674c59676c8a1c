import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';
import { eventually } from '../support/emulator.ts';

/**
 * `npm run demo` as a user runs it (scripts/demo.ts, its own process), asked through the chat page's
 * same-origin proxy as the page asks: what it prints is what the user reads.
 */
const running: ReturnType<typeof spawn>[] = [];
afterEach(async () => {
  await Promise.all(
    running.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }),
  );
});

function startDemoProcess() {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/demo.ts'), '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  return output;
}

describe('npm run demo', () => {
  it('says nothing of its own when a client leaves the page proxy mid-answer: the function logs the client going, once', async () => {
    const output = startDemoProcess();
    await eventually(() => expect(output.stdout).toMatch(/chat page +http:\/\/\S+/), 15_000);
    const pageUrl = /chat page +(http:\/\/\S+)/.exec(output.stdout)?.[1] ?? '';

    const leaving = new AbortController();
    const response = await fetch(`${pageUrl}api/function-url`, { method: 'POST', body: JSON.stringify({ prompt: 'Tell me a long story' }), signal: leaving.signal });
    const reader = (response.body ?? new ReadableStream()).getReader();
    expect((await reader.read()).done).toBe(false);
    leaving.abort();
    await eventually(() => expect(output.stderr).toContain("the client went away; the function's response stream was closed"), 5000);
    // Anything the proxy would print about it comes in the same turn as the function's line, or just after.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[chat-stream\] \S+ the client went away; the function's response stream was closed$/)]);
  });

  it('says nothing either when a client leaves before the answer has begun (the BUFFERED route, waiting)', async () => {
    const output = startDemoProcess();
    await eventually(() => expect(output.stdout).toMatch(/chat page +http:\/\/\S+/), 15_000);
    const pageUrl = /chat page +(http:\/\/\S+)/.exec(output.stdout)?.[1] ?? '';

    const asked = fetch(`${pageUrl}api/rest/chat`, { method: 'POST', body: JSON.stringify({ prompt: 'Tell me a long story' }), signal: AbortSignal.timeout(300) });
    await expect(asked).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('[chat-'))).toEqual([]);
  });
});
