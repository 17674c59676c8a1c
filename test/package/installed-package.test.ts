// The package as a user gets it: built and packed once, then installed from the tarball into
// fresh projects, one per feature, each with only the packages the README's install section (or
// the docs page that shows the feature) names for it, and used there through its bin, its entry
// points, its examples and the docs' own commands.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { temporaryDir } from '../support/temporary-dir.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
// A story the package's bundled fixtures tell (fixtures/story.yaml), to ask a handler for.
const story = (parse(readFileSync(path.join(repoRoot, 'fixtures/story.yaml'), 'utf8')) as { response: { text: string } }).response.text;

// Everything here runs on this Node (22, the repository's `node` devDependency), whatever the
// machine's own `node` is: npm's lifecycle scripts (`tsc`, `node scripts/build-bin.ts`), the
// installed packages' scripts and the installed bins (`#!/usr/bin/env node`) all take `node`
// from PATH, so this Node's folder goes first.
const PATH = [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter);

/** Made when first needed, then shared: npm's location, and each feature's project. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * npm's own script, run with this Node: npm is the one on PATH, whose bin is a link to
 * `npm-cli.js` (or, on Windows, a `npm.cmd` beside `node_modules/npm/bin/npm-cli.js`); the
 * npm running this test (`npm test`) is the fallback. Running the script with
 * `process.execPath` does not depend on the link's `#!/usr/bin/env node` nor on a shell.
 */
const npmCli = once((): string => {
  const candidates: string[] = [];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['npm', 'npm.cmd']) {
      const bin = path.join(dir, name);
      if (!existsSync(bin)) continue;
      candidates.push(realpathSync(bin), path.join(dir, 'node_modules/npm/bin/npm-cli.js'));
    }
  }
  candidates.push(process.env['npm_execpath'] ?? '');
  const cli = candidates.find((file) => path.basename(file) === 'npm-cli.js' && existsSync(file));
  if (cli === undefined) throw new Error(`npm's npm-cli.js not found from PATH (${process.env['PATH'] ?? ''}) nor npm_execpath`);
  return cli;
});

// The outer vitest's variables must not reach the projects' own vitest runs, nor colours their output.
const baseEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|FORCE_COLOR$)/.test(name))),
  PATH,
  NO_COLOR: '1',
});

/**
 * A fresh machine's environment: no AWS configuration at all (no `AWS_*` variables, no
 * ~/.aws files), so whatever region and credentials a command needs, the package or the
 * user's code must supply.
 */
function freshMachineEnv(dir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(baseEnv()).filter(([name]) => !name.startsWith('AWS_')));
  return { ...env, AWS_CONFIG_FILE: path.join(dir, 'no-such-aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-such-aws-credentials') };
}

type Run = ReturnType<typeof start>;

/** A process, its output collected. */
function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  return {
    child,
    exited,
    output,
    /** What the process said, for an assertion's message. */
    said: () => `$ ${[command, ...args].join(' ')}  (in ${options.cwd})\n${stdout}${stderr}`,
    async listening(): Promise<string> {
      for (;;) {
        const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (url !== undefined) return url;
        if (child.exitCode !== null) throw new Error(`exited early:\n${stdout}${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    /** Stops it as a user would (SIGTERM; SIGKILL 5 s later); resolves with its exit code. */
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(forced);
      }
      return exited;
    },
  };
}

/** Runs a command to its end. */
async function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = start(command, args, options);
  const code = await child.exited;
  return { code, ...child.output(), said: child.said() };
}

const npm = (args: string[], cwd: string) => run(process.execPath, [npmCli(), ...args], { cwd, env: baseEnv() });

let tarball = '';
let packed: { size: number; unpackedSize: number; entryCount: number; files: { path: string }[] } | undefined;

beforeAll(async () => {
  const build = await npm(['run', 'build'], repoRoot);
  if (build.code !== 0) throw new Error(`npm run build failed:\n${build.said}`);
  const destination = temporaryDir();
  const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', destination], repoRoot);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.said}`);
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }];
  packed = info;
  tarball = path.join(destination, info.filename);
  console.info(`bedrock-emulator tarball: ${info.filename}, ${(info.size / 1e6).toFixed(2)} MB packed, ${(info.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${info.entryCount} files`);
}, 180_000);

/** `name@version` as this repository has it installed (its `npm ci` put that in npm's cache). */
function pinned(name: string): string {
  return `${name}@${(JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;
}

/**
 * A fresh project with the tarball and these packages installed as a user does, from npm's
 * cache: `--offline` first; where npm lacks a package's registry metadata (`npm ci` caches
 * the tarballs its lockfile names, not the metadata a by-name install resolves with),
 * `--prefer-offline`, which fetches only what the cache lacks.
 */
async function project(feature: string, packages: string[]): Promise<string> {
  const dir = temporaryDir();
  const specs = [tarball, ...packages.map(pinned)];
  const began = performance.now();
  let mode = '--offline';
  for (;;) {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `installed-${feature}`, private: true, type: 'module' }, null, 2)}\n`);
    const install = await npm(['install', mode, '--no-audit', '--no-fund', ...specs], dir);
    if (install.code === 0) break;
    if (mode === '--offline' && install.said.includes('ENOTCACHED')) mode = '--prefer-offline';
    else throw new Error(`npm install failed:\n${install.said}`);
  }
  console.info(`${feature}: npm install ${mode} ${['bedrock-emulator', ...packages].join(' ')} took ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return dir;
}

/** Copies one of the repository's examples into a project, with the local files it imports. */
function copyExample(file: string, dir: string): void {
  const from = path.join(repoRoot, file);
  copyFileSync(from, path.join(dir, path.basename(file)));
  for (const [, local] of readFileSync(from, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) copyExample(path.join(path.dirname(file), local ?? ''), dir);
}

const cliProject = once(() => project('cli', ['@aws-sdk/client-bedrock-runtime']));
const socketProject = once(() => project('vitest-socket', ['@aws-sdk/client-bedrock-runtime', 'vitest']));
// The msw example's client is the Anthropic SDK: the example's own dependency, not the emulator's.
const mswProject = once(() => project('vitest-msw', ['@aws-sdk/client-bedrock-runtime', 'vitest', 'msw', '@anthropic-ai/bedrock-sdk']));
const lambdaProject = once(() => project('lambda', ['@aws-sdk/client-bedrock-runtime']));
// Node 22 for one project where the machine's may be older, as the README says: `npm i -D node@22`.
const node22Project = once(() => project('node22', ['node']));

/** A docs page's `sh` block that holds `marker`: the commands a user types, comments and blank lines left out. */
function docsBlock(page: string, marker: string): string[] {
  const blocks = [...readFileSync(path.join(repoRoot, page), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const block = blocks.find((candidate) => candidate.includes(marker));
  if (block === undefined) throw new Error(`${page} has no sh block with ${marker}`);
  return block.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** A command line's words as sh splits these simple ones: bare words and 'quoted' strings, a final `&` dropped. */
const shellWords = (line: string): string[] => [...line.replace(/\s*&$/, '').matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');

// The shipped chat functions behind the front doors, with exactly what docs/api-gateway.md installs.
const shippedFunctions = 'node_modules/bedrock-emulator/dist/functions/';
const frontDoorInstall = shellWords(docsBlock('docs/api-gateway.md', shippedFunctions).find((line) => line.startsWith('npm i -D bedrock-emulator ')) ?? '');
const frontDoorProject = once(() => project('front-doors', frontDoorInstall.slice(4)));

const bin = (dir: string) => path.join(dir, 'node_modules/.bin/bedrock-emulator');

/** Chats with the chat-websocket stack a run started: the WebSocket URL it printed, one chat, its answer told. */
async function chatOverWebSocket(stack: Run): Promise<string> {
  const url = /(ws:\/\/\S+)/.exec(stack.output().stdout)?.[1];
  if (url === undefined) throw new Error(`no WebSocket URL printed:\n${stack.said()}`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const messages: { type: string; text?: string }[] = [];
  const ended = new Promise<void>((resolve) =>
    socket.on('message', (data: Buffer) => {
      messages.push(JSON.parse(data.toString()) as { type: string; text?: string });
      if (['done', 'stopped', 'error'].includes(messages.at(-1)?.type ?? '')) resolve();
    }),
  );
  socket.send(JSON.stringify({ action: 'chat', prompt: 'Tell me a story' }));
  await ended;
  socket.close();
  const text = messages.map((message) => message.text ?? '').join('');
  if (text !== story) throw new Error(`the chat answered ${JSON.stringify(messages)}\n${stack.said()}`);
  return [messages[0]?.type, messages.some((message) => message.type === 'delta') ? 'deltas' : 'no deltas', messages.at(-1)?.type].join(', ');
}

describe.concurrent('the packed package, installed in a fresh project', { timeout: 120_000 }, () => {
  it('ships its bin, its fixtures and schema, and a file for every export', ({ expect }) => {
    const files = new Set(packed?.files.map((file) => file.path));
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, string | Record<string, string>> };
    const targets = [...Object.values(manifest.bin), ...Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))];
    expect(targets.filter((target) => !files.has(path.normalize(target)))).toEqual([]);
    expect([...files].filter((file) => file.startsWith('fixtures/')).length).toBeGreaterThan(0);
    // The licence package.json names, and nothing built from sources that are gone.
    expect(files.has('LICENSE')).toBe(true);
    expect([...files].filter((file) => file.startsWith('dist/cli/') || file.startsWith('dist/eventstream/codec'))).toEqual([]);
    // The Python runtime client, as its .py sources (no bytecode).
    expect([...files].filter((file) => file.startsWith('dist/aws-local/runners/python/')).sort()).toEqual(
      ['README.md', '__init__.py', '__main__.py', 'bootstrap.py', 'context.py', 'errors.py', 'handler.py', 'logs.py', 'marshal.py', 'runtime_api.py'].map((file) => `dist/aws-local/runners/python/${file === 'README.md' ? '' : 'bedrock_emulator_runtime/'}${file}`).sort(),
    );
  });

  it('has every path the docs name under node_modules/bedrock-emulator/', ({ expect }) => {
    const files = [...new Set(packed?.files.map((file) => file.path))];
    const pages = ['README.md', ...readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `docs/${file.split(path.sep).join('/')}`)];
    // A file, or a folder (a path some files are under); a sentence's full stop is not part of it.
    const named = pages.flatMap((page) => [...readFileSync(path.join(repoRoot, page), 'utf8').matchAll(/node_modules\/bedrock-emulator\/([\w.@/-]+)/g)].map((match) => ({ page, file: (match[1] ?? '').replace(/[./]+$/, '') })));
    const shipped = (file: string) => files.includes(file) || files.some((packedFile) => packedFile.startsWith(`${file}/`));
    expect(named.map(({ file }) => file)).toContain('dist/functions/chat-websocket/template.yaml');
    expect(named.filter(({ file }) => !shipped(file))).toEqual([]);
  });

  it('bedrock-emulator --version prints the package version', async ({ expect }) => {
    const dir = await cliProject();
    const result = await run(bin(dir), ['--version'], { cwd: dir, env: freshMachineEnv(dir) });
    expect(result.stdout, result.said).toBe(`${version}\n`);
    expect(result.code).toBe(0);
  });

  it('new writes a fixture, start serves it, and the AWS SDK installed beside it streams the answer', async ({ expect, onTestFinished }) => {
    const dir = await cliProject();
    const env = freshMachineEnv(dir);
    const created = await run(bin(dir), ['new', '--prompt', 'hello', '--text', 'Hello from the emulator!'], { cwd: dir, env });
    expect(created.code, created.said).toBe(0);
    expect(existsSync(path.join(dir, 'fixtures/hello.json'))).toBe(true);

    const emulator = start(bin(dir), ['start', '--port', '0'], { cwd: dir, env });
    onTestFinished(async () => void (await emulator.stop()));
    const url = await emulator.listening();
    writeFileSync(
      path.join(dir, 'stream.mjs'),
      `import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
const client = new BedrockRuntimeClient({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const response = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'hello' }] }] }));
for await (const event of response.stream ?? []) process.stdout.write(event.contentBlockDelta?.delta?.text ?? '');
client.destroy();
`,
    );
    const streamed = await run(process.execPath, ['stream.mjs', url], { cwd: dir, env });
    expect(streamed.stdout, streamed.said).toBe('Hello from the emulator!');
    expect(streamed.code).toBe(0);
    expect(await emulator.stop(), emulator.said()).toBe(0);
  });

  it('record forwards to a start --auth sigv4, re-signed with the credentials of its shell, and writes a fixture start replays', async ({ expect, onTestFinished }) => {
    const dir = await cliProject();
    const env = { ...freshMachineEnv(dir), AWS_ACCESS_KEY_ID: 'AKIAINSTALLEDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'installed-secret', AWS_REGION: 'us-east-1' };
    const bedrock = start(bin(dir), ['start', '--port', '0', '--auth', 'sigv4', '--fixtures', 'node_modules/bedrock-emulator/fixtures', '--speed', '0'], { cwd: dir, env });
    onTestFinished(async () => void (await bedrock.stop()));
    const recorder = start(bin(dir), ['record', '--upstream', await bedrock.listening(), '--port', '0', '--fixtures', 'recorded'], { cwd: dir, env });
    onTestFinished(async () => void (await recorder.stop()));
    writeFileSync(
      path.join(dir, 'ask.mjs'),
      `import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
const client = new BedrockRuntimeClient({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'client', secretAccessKey: 'client' } });
const response = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'hello' }] }] }));
for await (const event of response.stream ?? []) process.stdout.write(event.contentBlockDelta?.delta?.text ?? '');
client.destroy();
`,
    );
    const recorded = await run(process.execPath, ['ask.mjs', await recorder.listening()], { cwd: dir, env });
    expect(recorded.code, recorded.said).toBe(0);
    expect(recorded.stdout.length).toBeGreaterThan(0);
    for (let waited = 0; !existsSync(path.join(dir, 'recorded/converse-stream-hello.json')) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const replay = start(bin(dir), ['start', '--port', '0', '--fixtures', 'recorded'], { cwd: dir, env });
    onTestFinished(async () => void (await replay.stop()));
    const replayed = await run(process.execPath, ['ask.mjs', await replay.listening()], { cwd: dir, env });
    expect(replayed.stdout, replayed.said).toBe(recorded.stdout);
  });

  it('runs on the project\'s own Node 22 through npm exec, whatever Node the machine has', async ({ expect }) => {
    const dir = await node22Project();
    // The machine's PATH, without this repository's Node 22 (nor any node_modules/.bin): on a fresh
    // machine `node` is then its Node 20, and only the project's node@22 can make the bin run.
    const machinePath = (process.env['PATH'] ?? '').split(path.delimiter).filter((entry) => !entry.includes(`${path.sep}node_modules${path.sep}`) && entry !== path.dirname(process.execPath));
    const env = { ...freshMachineEnv(dir), PATH: machinePath.join(path.delimiter) };
    const projectNode = pinned('node').replace(/^node@/, 'v');
    const ran = await Promise.all([['node', '--version'], ['bedrock-emulator', '--version']].map((command) => run(process.execPath, [npmCli(), 'exec', '--', ...command], { cwd: dir, env })));
    expect(ran.map((result) => [result.code, result.stdout]), ran.map((result) => result.said).join('\n')).toEqual([
      [0, `${projectNode}\n`],
      [0, `${version}\n`],
    ]);
  });

  it('loads its entry points that need no optional peer', async ({ expect }) => {
    const dir = await cliProject();
    const entries = ['bedrock-emulator', 'bedrock-emulator/node', 'bedrock-emulator/in-process', 'bedrock-emulator/lambda', 'bedrock-emulator/stack'];
    const script = `for (const entry of ${JSON.stringify(entries)}) await import(entry); await import('bedrock-emulator/schema/fixture.schema.json', { with: { type: 'json' } });`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: freshMachineEnv(dir) });
    expect(result.code, result.said).toBe(0);
  });

  it('bedrock-emulator/vitest runs the real-socket example with vitest and no msw', async ({ expect }) => {
    const dir = await socketProject();
    copyExample('examples/testing/socket.test.ts', dir);
    const result = await run(path.join(dir, 'node_modules/.bin/vitest'), ['run'], { cwd: dir, env: freshMachineEnv(dir) });
    expect(result.code, result.said).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+1 passed/);
  });

  it('bedrock-emulator/vitest and bedrock-emulator/msw run the in-process and msw examples', async ({ expect }) => {
    const dir = await mswProject();
    copyExample('examples/testing/in-process.test.ts', dir);
    copyExample('examples/testing/msw.test.ts', dir);
    const result = await run(path.join(dir, 'node_modules/.bin/vitest'), ['run'], { cwd: dir, env: freshMachineEnv(dir) });
    expect(result.code, result.said).toBe(0);
    expect(result.stdout).toMatch(/Test Files\s+2 passed/);
  });

  // A handler as users write it: the runtime's `awslambda` global, and a client built with no
  // region, credentials nor endpoint in code — the host gives what the managed runtime gives.
  const handlers = {
    'src/handler.ts': `import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Writable } from 'node:stream';

type FunctionUrlEvent = { body?: string; isBase64Encoded?: boolean };
declare const awslambda: { streamifyResponse(handler: (event: FunctionUrlEvent, responseStream: Writable) => Promise<void>): unknown };

const client = new BedrockRuntimeClient({});

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : (event.body ?? '{}');
  const { prompt } = JSON.parse(body) as { prompt: string };
  const response = await client.send(
    new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: prompt }] }] }),
  );
  for await (const item of response.stream ?? []) {
    const text = item.contentBlockDelta?.delta?.text;
    if (text) responseStream.write(text);
  }
  responseStream.end();
});
`,
    'src/handler.mjs': `import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({});

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : (event.body ?? '{}');
  const { prompt } = JSON.parse(body);
  const response = await client.send(
    new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: prompt }] }] }),
  );
  for await (const item of response.stream ?? []) {
    const text = item.contentBlockDelta?.delta?.text;
    if (text) responseStream.write(text);
  }
  responseStream.end();
});
`,
  };

  it.for(['docs/api-gateway.md', 'docs/lambda.md'])('%s: its commands run the shipped chat functions where the package is installed', async (page, { expect, onTestFinished }) => {
    const dir = await frontDoorProject();
    const env = freshMachineEnv(dir);
    const runs: Run[] = [];
    onTestFinished(async () => void (await Promise.all(runs.map((server) => server.stop()))));
    // As the block says, with what a test needs: every server on a free port, Bedrock at speed 0.
    const emulator = start(bin(dir), ['start', '--port', '0', '--speed', '0'], { cwd: dir, env });
    runs.push(emulator);
    const bedrockUrl = await emulator.listening();
    let door: Run | undefined;
    let origin = '';
    const ran: string[] = [];
    for (const line of docsBlock(page, shippedFunctions)) {
      const [command, ...args] = shellWords(line);
      if (command === 'npm' || (command === 'npx' && args[1] === 'start')) continue; // the project's install; Bedrock, started above
      if (command === 'npx' && args[0] === 'bedrock-emulator') {
        door = start(bin(dir), [...args.slice(1).map((arg) => arg.replace('http://127.0.0.1:4010', bedrockUrl)), '--port', '0'], { cwd: dir, env });
        runs.push(door);
        origin = new URL(await door.listening()).origin;
        if (args[1] === 'stack') ran.push(`stack: ${await chatOverWebSocket(door)}`);
      } else if (command === 'curl') {
        // Asked of the server the line before started, on its port.
        const { pathname } = new URL(args.find((arg) => arg.startsWith('http://')) ?? '');
        const response = await fetch(`${origin}${pathname}`, { method: 'POST', body: args[args.indexOf('-d') + 1] ?? '' });
        expect([response.status, await response.text()], door?.said()).toEqual([200, story]);
        ran.push(`curl ${pathname}`);
      } else {
        throw new Error(`${page}: no way to run this line here: ${line}`);
      }
    }
    expect(ran, `${page}: ${docsBlock(page, shippedFunctions).join('\n')}`).toEqual(page === 'docs/lambda.md' ? ['curl /'] : ['curl /prod/chat', 'curl /chat', 'stack: started, deltas, done']);
  });

  it.for(Object.keys(handlers))('the Lambda host streams Bedrock through the user handler %s on a machine with no AWS configuration', async (handler, { expect, onTestFinished }) => {
    const dir = await lambdaProject();
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, handler), handlers[handler as keyof typeof handlers]);
    const env = freshMachineEnv(dir);
    const runs: Run[] = [];
    onTestFinished(async () => void (await Promise.all(runs.map((server) => server.stop()))));

    const emulator = start(bin(dir), ['start', '--port', '0', '--fixtures', 'node_modules/bedrock-emulator/fixtures', '--speed', '0'], { cwd: dir, env });
    runs.push(emulator);
    const bedrockUrl = await emulator.listening();
    const host = start(bin(dir), ['lambda', '--handler', `${handler}#handler`, '--port', '0', '--timeout', '30', '--env', `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${bedrockUrl}`], { cwd: dir, env });
    runs.push(host);
    const functionUrl = await host.listening();

    const response = await fetch(functionUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Tell me a story' }) });
    const text = await response.text();
    expect([response.status, text], `${host.said()}\n${emulator.said()}`).toEqual([200, story]);
  });

  it('runs a Python handler named as Lambda names it, under the Python runtime client it ships', async ({ expect, onTestFinished }) => {
    const dir = await lambdaProject();
    const codeDir = path.join(dir, 'py');
    mkdirSync(codeDir, { recursive: true });
    writeFileSync(path.join(codeDir, 'app.py'), "def lambda_handler(event, context):\n    return {'statusCode': 200, 'body': 'hello from ' + context.function_name}\n");
    const host = start(bin(dir), ['lambda', '--handler', 'app.lambda_handler', '--invoke-mode', 'BUFFERED', '--port', '0', '--env', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9'], { cwd: codeDir, env: freshMachineEnv(dir) });
    onTestFinished(async () => void (await host.stop()));
    const response = await fetch(await host.listening());
    expect([response.status, await response.text()], host.said()).toEqual([200, 'hello from app']);
    expect(host.said()).toContain("under the emulator's Python runtime interface client");
  });
});
