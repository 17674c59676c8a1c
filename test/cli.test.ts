import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/cli.ts';
import { claudeBody, haiku } from './support/emulator.ts';

describe('bedrock-emulator CLI', () => {
  it('starts on the bundled fixtures, prints where it listens, serves, and stops on SIGTERM', async () => {
    const cliRun = run(['start', '--port', '0', '--speed', '0']);
    const url = await cliRun.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cliRun.output().stdout).toMatch(/^loaded \d+ fixtures? from fixtures\n/);
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('Hello!') });
    expect(response.status).toBe(200);
    const message = (await response.json()) as { content: { text: string }[] };
    expect(message.content[0]?.text).toContain('bedrock-emulator');
    cliRun.child.kill('SIGTERM');
    expect(await cliRun.exited).toBe(0);
  });

  it('binds the host it is given', async () => {
    const cliRun = run(['start', '--port', '0', '--host', 'localhost']);
    expect(await cliRun.listening()).toMatch(/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
  });

  it('documents every flag in --help', async () => {
    const cliRun = run(['start', '--help']);
    expect(await cliRun.exited).toBe(0);
    const help = cliRun.output().stdout;
    for (const flag of ['--port', '--host', '--fixtures', '--default-text', '--speed', '--help']) expect(help).toContain(flag);
    expect(help).toContain('(default: "127.0.0.1")');
  });

  it('refuses a malformed fixture file at load time, naming the file and the field, and exits 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fixtures-'));
    writeFileSync(path.join(dir, 'weather.json'), JSON.stringify([{ response: { text: 'ok' } }, { match: { model: 42 }, response: { text: 'x' } }]));
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "response": {\n    "text": "x",\n  }\n}\n');
    const cliRun = run(['start', '--port', '0', '--fixtures', dir]);
    expect(await cliRun.exited).toBe(1);
    const { stderr } = cliRun.output();
    expect(stderr).toContain(`${path.join(dir, 'weather.json')}:1: [1].match.model: expected a string, got 42`);
    expect(stderr).toMatch(new RegExp(`${path.join(dir, 'broken.json').replace(/[.\\/]/g, '\\$&')}:\\d+: not valid JSON`));
    expect(stderr).toContain('invalid fixtures (2 problems)');
  });

  it('rejects a bad flag value with a clear message', async () => {
    const cliRun = run(['start', '--port', 'eighty']);
    expect(await cliRun.exited).toBe(1);
    expect(cliRun.output().stderr).toContain("option '-p, --port <port>' argument 'eighty' is invalid. expected an integer from 0 to 65535.");
  });

  it('answers with the configured default text when nothing matches', async () => {
    const cliRun = run(['start', '--port', '0', '--default-text', 'Nothing to see here.', '--speed', '0']);
    const url = await cliRun.listening();
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('zzz unmatched') });
    expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toBe('Nothing to see here.');
  });
});
