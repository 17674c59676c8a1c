import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';

const demos: ReturnType<typeof spawn>[] = [];
// The demo runs a function under the runtime client: SIGTERM lets it close that and remove its task folder.
afterEach(async () => {
  await Promise.all(
    demos.splice(0).map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }),
  );
});

describe('bedrock-emulator lambda', () => {
  it('serves a handler behind a Function URL and prints where', async () => {
    const run = runMain(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#streaming', '--port', '0', '--function-name', 'semantics']);
    const url = await run.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(run.output().stdout).toContain('function semantics (in-process, RESPONSE_STREAM, timeout 3 s)');
    expect(await (await fetch(new URL('/object-chunk', url), { method: 'POST' })).text()).toBe('{"a":1}');
    expect(await run.stop()).toBe(0);
  });

  it('runs it under the runtime interface client with the given environment and timeout', async () => {
    const run = runCli(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#streaming', '--port', '0', '--mode', 'runtime', '--timeout', '5', '--memory', '512', '--env', 'AWS_REGION=eu-west-3']);
    const url = await run.listening();
    const context = (await (await fetch(new URL('/context', url), { method: 'POST' })).json()) as Record<string, unknown>;
    expect(context).toMatchObject({ memoryLimitInMB: '512', region: 'eu-west-3' });
    expect(context['remaining']).toBeGreaterThan(4000);
  });

  it('documents every flag in --help, and refuses a timeout Lambda would', async () => {
    const help = runMain(['lambda', '--help']);
    expect(await help.exitCode).toBe(0);
    for (const flag of ['--handler', '--runtime', '--port', '--host', '--mode', '--invoke-mode', '--timeout', '--env', '--function-name', '--memory', '--max-concurrency']) expect(help.output().stdout).toContain(flag);
    const tooLong = runMain(['lambda', '--handler', 'x.ts#handler', '--timeout', '901']);
    expect(await tooLong.exitCode).toBe(1);
    expect(tooLong.output().stderr).toContain("expected an integer from 1 to 900 (seconds, Lambda's limits).");
  });

  it('says what is wrong with a handler that does not load', async () => {
    const run = runMain(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#missing', '--port', '0']);
    expect(await run.exitCode).toBe(1);
    expect(run.output().stderr).toMatch(/^bedrock-emulator: \S*test\/aws-local\/handlers\/semantics\.ts#missing is undefined or not exported\n$/);
  });

  it('in process, outlives a handler\'s uncaught exception and unhandled rejection: the invocation fails, the host serves on', async () => {
    const run = runCli(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#classic', '--port', '0', '--timeout', '5', '--env', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9']);
    const url = await run.listening();
    for (const path of ['classic-uncaught', 'classic-unhandled']) {
      const failed = await fetch(new URL(path, url), { method: 'POST' });
      expect({ path, status: failed.status }).toEqual({ path, status: 502 });
    }
    expect((await fetch(new URL('classic', url), { method: 'POST' })).status).toBe(202);
    expect(run.output().stderr).toMatch(/Invoke Error \t\{"errorType":"RangeError","errorMessage":"escaped the handler"/);
    expect(run.output().stderr).toMatch(/Invoke Error \t\{"errorType":"Runtime.UnhandledPromiseRejection","errorMessage":"TypeError: nobody awaited me"/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('names a handler file that is not there, in one line', async () => {
    const run = runMain(['lambda', '--handler', 'src/nothere.ts#handler', '--port', '0']);
    expect(await run.exitCode).toBe(1);
    expect(run.output().stderr).toBe(`bedrock-emulator: no handler file at src/nothere.ts (from ${process.cwd()}): give --handler <file>#<export>, e.g. src/handler.ts#handler\n`);
  });

  it('refuses an --env that is not KEY=VALUE', async () => {
    const run = runMain(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#streaming', '--env', 'NOEQUALS']);
    expect([await run.exitCode, run.output().stderr]).toEqual([1, 'bedrock-emulator: --env expects KEY=VALUE, got "NOEQUALS"\n']);
  });
});

describe('npm run demo', () => {
  it('starts the whole chain and prints a page and curl lines that work', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/demo.ts')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    demos.push(child);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', () => undefined);
    while (!output.includes('Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 50));
    const curls = [...output.matchAll(/curl -N (http:\/\/\S+) -d '(\{.*\})'/g)];
    expect(curls).toHaveLength(2);
    expect(output).toMatch(/Function URL\s+http:\/\/127\.0\.0\.1:\d+\/\s+\(chat-stream, RESPONSE_STREAM\)/);
    for (const [, url, body] of curls) {
      const response = await fetch(url ?? '', { method: 'POST', body: body ?? '' });
      expect(await response.text()).toMatch(/^Once upon a time, in a data centre that never slept/);
    }
    const page = /chat page\s+(http:\/\/\S+)/.exec(output);
    const html = await (await fetch(page?.[1] ?? '')).text();
    expect(html).toContain('Stop');
  }, 30_000);
});
