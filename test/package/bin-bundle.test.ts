import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { repoRoot, runCli } from '../support/cli.ts';
import { claudeBody, credentials, eventually, haiku, region } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

// The package's bin is a bundle (scripts/build-bin.ts): built here into a
// folder inside the package, as in an install, then run as users run it.
const outDir = path.join(repoRoot, 'node_modules/.cache/bedrock-emulator-test', `bin-${process.pid}`);
const bin = path.join(outDir, 'bedrock-emulator.js');

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-bin.ts'), '--out-dir', outDir], { stdio: 'pipe' });
}, 30_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the bundled bin', () => {
  it('starts on the bundled fixtures (JSON and YAML) and streams to the AWS SDK', async () => {
    const run = runCli(['start', '--port', '0', '--fixtures', 'fixtures', '--speed', '0'], { bin });
    const url = await run.listening();
    expect(run.output().stdout).toMatch(/^loaded \d+ fixtures from fixtures\n/);
    const client = new BedrockRuntimeClient({ endpoint: url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: claudeBody('Hello!') }));
    const types: string[] = [];
    for await (const item of response.body ?? []) types.push((JSON.parse(new TextDecoder().decode(item.chunk?.bytes)) as { type: string }).type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    client.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('writes a fixture whose $schema points at the installed schema file', async () => {
    const out = path.join(temporaryDir(), 'greeting.json');
    const run = runCli(['new', '--prompt', 'Hi there', '--text', 'Hello!', '--out', out], { bin });
    expect(await run.exited).toBe(0);
    const schema = (JSON.parse(readFileSync(out, 'utf8')) as { $schema: string }).$schema;
    expect(existsSync(path.resolve(path.dirname(out), schema))).toBe(true);
    expect(path.resolve(path.dirname(out), schema)).toBe(path.join(repoRoot, 'schema/fixture.schema.json'));
  });

  it('runs a template with a WebSocket API and a DynamoDB table: its chat answers over the socket', async () => {
    const emulator = runCli(['start', '--port', '0', '--fixtures', 'fixtures', '--speed', '0'], { bin });
    const bedrockUrl = await emulator.listening();
    const run = runCli(['stack', 'src/functions/chat-websocket/template.yaml', '--port', '0', '--env', `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${bedrockUrl}`], { bin });
    await run.listening();
    const wsUrl = /(ws:\/\/\S+)/.exec(run.output().stdout)?.[1] ?? '';
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const types: string[] = [];
    const done = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => (types.push((JSON.parse(data.toString()) as { type: string }).type), types.at(-1) === 'done' && resolve())));
    ws.send(JSON.stringify({ action: 'chat', prompt: 'Tell me a story' }));
    await done;
    expect([types[0], types.includes('delta'), types.at(-1)]).toEqual(['started', true, 'done']);
    ws.close();
  });

  it('refuses to run on a Node older than 22.12, in one line that says why and what to do', () => {
    // This Node, told it is 20 before the bin loads: the check must come before anything Node 20 lacks.
    const olderNode = "data:text/javascript,Object.defineProperty(process,'versions',{value:{...process.versions,node:'20.19.0'}});Object.defineProperty(process,'version',{value:'v20.19.0'})";
    const { stderr, status } = spawnSync(process.execPath, ['--import', olderNode, bin, 'start'], { encoding: 'utf8' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^bedrock-emulator: needs Node\.js 22\.12 or later, and this is v20\.19\.0\. .*Install Node 22 or 24 .*\n$/);
    // Both ways to get it: for the machine, and for the project alone where the machine's Node cannot change.
    expect(stderr).toContain('`nvm install 22`');
    expect(stderr).toContain('`npm i -D node@22`, then run `npx bedrock-emulator …` or an npm script');
  });

  // Spawned, bundled: a bad value is the same one line and option help as in the sources, never a stack trace through the chunks.
  const badValues: [string[], string][] = [
    [['lambda', '--handler', 'h.ts#handler', '--timeout', '1000'], "error: option '--timeout <seconds>' argument '1000' is invalid. expected an integer from 1 to 900 (seconds, Lambda's limits)."],
    [['lambda', '--handler', 'h.ts#handler', '--memory', '1'], "error: option '--memory <mb>' argument '1' is invalid. expected an integer from 128 to 10240 (MB, Lambda's limits)."],
    [['record', '--upstream', 'bedrock-runtime.us-east-1.amazonaws.com'], "error: option '--upstream <url>' argument 'bedrock-runtime.us-east-1.amazonaws.com' is invalid. expected an http:// or https:// URL, such as https://bedrock-runtime.us-east-1.amazonaws.com."],
    [['start', '--port', ''], "error: option '-p, --port <port>' argument '' is invalid. expected an integer from 0 to 65535."],
  ];
  for (const [args, error] of badValues) {
    it(`refuses ${args.join(' ')} in one line`, () => {
      const { stdout, stderr, status } = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
      expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
      expect(stderr.split('\n')[0]).toBe(error);
      expect(stderr).not.toMatch(/^\s+at /m);
    });
  }

  it('stops when the npm exec running it is signalled, though npm signals only the shell between them', async () => {
    // A project with the bin installed as npm links it, run as `npx bedrock-emulator start` is.
    const project = temporaryDir();
    writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    mkdirSync(path.join(project, 'node_modules/.bin'), { recursive: true });
    chmodSync(bin, 0o755);
    symlinkSync(bin, path.join(project, 'node_modules/.bin/bedrock-emulator'));
    const env = { ...process.env, PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter) };
    const npm = spawn(process.execPath, [npmCli(), 'exec', '--', 'bedrock-emulator', 'start', '--port', '0', '--fixtures', path.join(repoRoot, 'fixtures')], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise((resolve) => npm.once('exit', resolve));
    await eventually(() => expect(stdout).toMatch(/listening on http:\/\/\S+/), 15_000);
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);
    // npm's descendants (the shell and the emulator, or the emulator alone), only to clean up should the test fail.
    const descendants = childrenOf(npm.pid ?? 0).flatMap((pid) => [pid, ...childrenOf(pid)]);
    try {
      npm.kill('SIGTERM');
      await exited;
      // Nothing answers any more: the emulator stopped with npm rather than serving on, orphaned.
      await eventually(async () => expect(await fetch(`${url}/_emulator/health`).then(() => 'answered', () => 'gone')).toBe('gone'), 3000);
    } finally {
      for (const pid of descendants) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone, as it should be.
        }
      }
    }
  });

  it('names every bundled package, with its licence, in THIRD-PARTY-NOTICES.md', () => {
    const notices = readFileSync(path.join(outDir, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of ['zod', 'hono', '@hono/node-server', 'commander', 'yaml']) expect(notices).toMatch(new RegExp(`^## ${name.replace('/', '\\/')} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    expect(notices).toContain('Permission is hereby granted');
  });
});

/** npm's own script (npm-cli.js): the npm running this test, else the one on PATH. */
function npmCli(): string {
  const onPath = (process.env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'npm')).find((file) => existsSync(file));
  const candidates = [process.env['npm_execpath'] ?? '', ...(onPath === undefined ? [] : [realpathSync(onPath)])];
  const cli = candidates.find((file) => path.basename(file) === 'npm-cli.js' && existsSync(file));
  if (cli === undefined) throw new Error(`npm-cli.js not found from npm_execpath nor PATH`);
  return cli;
}

/** A process's children, by `pgrep -P` (Linux and macOS). */
function childrenOf(pid: number): number[] {
  const { stdout } = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return stdout.split('\n').filter(Boolean).map(Number);
}
