import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';
import { temporaryDir } from '../support/temporary-dir.ts';
import { claudeBody, haiku } from '../support/emulator.ts';

/** The process's side, spawned: a few smoke tests. The commands themselves run as a function below. */
describe('bedrock-emulator CLI, spawned', () => {
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

  it('serves the bundled fixtures in a project with no fixtures folder, and says how to write one', async () => {
    const cliRun = run(['start', '--port', '0', '--speed', '0'], { cwd: temporaryDir() });
    const url = await cliRun.listening();
    expect(cliRun.output().stdout).toMatch(/^no fixtures\/ folder here: serving the bundled example fixtures\. Write your own with\n {2}bedrock-emulator new --prompt "hello" --text "Hello from the emulator!"\n.*\nloaded \d+ fixtures from \S+\/fixtures\n/);
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('Hello!') });
    expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toContain('bedrock-emulator');
  });

  it('names a fixtures path that does not exist, with how to make one, and exits 1', async () => {
    const cliRun = run(['start', '--port', '0', '--fixtures', 'nothere'], { cwd: temporaryDir() });
    expect(await cliRun.exited).toBe(1);
    expect(cliRun.output().stderr).toBe('bedrock-emulator: invalid fixtures (1 problem):\n  nothere: no such file or folder; write a fixture there with `bedrock-emulator new --prompt "…" --text "…" --out <file>`\n');
  });

});

describe('bedrock-emulator CLI, as a function', () => {
  it('documents every flag in --help', async () => {
    const cliRun = runMain(['start', '--help']);
    expect(await cliRun.exitCode).toBe(0);
    const help = cliRun.output().stdout;
    for (const flag of ['--port', '--host', '--fixtures', '--default-text', '--speed', '--help']) expect(help).toContain(flag);
    expect(help).toContain('(default: "127.0.0.1")');
  });

  it('refuses a malformed fixture file at load time, naming the file and the field, and exits 1', async () => {
    const dir = temporaryDir();
    writeFileSync(path.join(dir, 'weather.json'), JSON.stringify([{ response: { text: 'ok' } }, { match: { model: 42 }, response: { text: 'x' } }]));
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "response": {\n    "text": "x",\n  }\n}\n');
    const cliRun = runMain(['start', '--port', '0', '--fixtures', dir]);
    expect(await cliRun.exitCode).toBe(1);
    const { stderr } = cliRun.output();
    expect(stderr).toContain(`${path.join(dir, 'weather.json')}:1: [1].match.model: expected a string, got 42`);
    expect(stderr).toMatch(new RegExp(`${path.join(dir, 'broken.json').replace(/[.\\/]/g, '\\$&')}:\\d+: not valid JSON`));
    expect(stderr).toContain('invalid fixtures (2 problems)');
  });

  it('rejects a bad flag value with a clear message', async () => {
    const cliRun = runMain(['start', '--port', 'eighty']);
    expect(await cliRun.exitCode).toBe(1);
    // The error, that option's own help, and where the rest is: not the whole help, which would push the error off screen.
    expect(cliRun.output().stderr).toBe(
      "error: option '-p, --port <port>' argument 'eighty' is invalid. expected an integer from 0 to 65535.\n  -p, --port <port>  port to listen on; 0 picks a free one\nRun 'bedrock-emulator start --help' for every option.\n",
    );
  });

  it('suggests the option meant', async () => {
    const cliRun = runMain(['start', '--sped', '0']);
    expect(await cliRun.exitCode).toBe(1);
    expect(cliRun.output().stderr).toBe("error: unknown option '--sped'\n(Did you mean --speed?)\nRun 'bedrock-emulator start --help' for every option.\n");
  });

  it('prints its version', async () => {
    const cliRun = runMain(['--version']);
    expect(await cliRun.exitCode).toBe(0);
    expect(cliRun.output().stdout).toBe(`${(JSON.parse(readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('answers with the configured default text when nothing matches', async () => {
    const cliRun = runMain(['start', '--port', '0', '--default-text', 'Nothing to see here.', '--speed', '0']);
    const url = await cliRun.listening();
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('zzz unmatched') });
    expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toBe('Nothing to see here.');
    expect(await cliRun.stop()).toBe(0);
  });

  it('says a port is taken, without a stack trace', async () => {
    const first = runMain(['start', '--port', '0']);
    const port = new URL(await first.listening()).port;
    const second = runMain(['start', '--port', port]);
    expect(await second.exitCode).toBe(1);
    expect(second.output().stderr).toBe(`bedrock-emulator: port ${port} is already in use (another emulator?). Choose another with --port, or --port 0 for a free one.\n`);
  });

  it('names an unknown command and suggests the one meant', async () => {
    const cliRun = runMain(['strat']);
    expect(await cliRun.exitCode).toBe(1);
    expect(cliRun.output().stderr).toBe("error: unknown command 'strat'\n(Did you mean start?)\nRun 'bedrock-emulator --help' for every option.\n");
  });

  it('refuses new without an answer, and a file name it cannot write', async () => {
    const noAnswer = runMain(['new', '--prompt', 'hi']);
    expect([await noAnswer.exitCode, noAnswer.output().stderr]).toEqual([1, 'bedrock-emulator: give the answer with --text or --text-file\n']);
    const badOut = runMain(['new', '--prompt', 'hi', '--text', 'x', '--out', 'hi.txt']);
    expect([await badOut.exitCode, badOut.output().stderr]).toEqual([1, 'bedrock-emulator: --out must end in .json, .yaml or .yml, got hi.txt\n']);
  });
});
