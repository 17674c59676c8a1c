import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { repoRoot, runCli } from '../support/cli.ts';
import { claudeBody, credentials, haiku, region } from '../support/emulator.ts';
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

  it('names every bundled package, with its licence, in THIRD-PARTY-NOTICES.md', () => {
    const notices = readFileSync(path.join(outDir, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of ['zod', 'hono', '@hono/node-server', 'commander', 'yaml']) expect(notices).toMatch(new RegExp(`^## ${name.replace('/', '\\/')} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    expect(notices).toContain('Permission is hereby granted');
  });
});
