import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHandler } from '../../src/aws-local/node/resolve-handler.ts';
import { startFunction } from '../../src/aws-local/node/start-function.ts';
import { startStack } from '../../src/aws-local/stack/start-stack.ts';
import { repoRoot, runCli } from '../support/cli.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/**
 * Python functions from the command line and from templates, as a user runs
 * them: both handler forms, the interpreter said once (and the machine's
 * python3 standing in for a version it lacks), a pip failure said clearly,
 * `Runtime: python3.x` in a SAM template (docs/runtimes.md#python-managed-runtimes).
 */
const codeDir = path.join(repoRoot, 'test/aws-local/handlers/python');
const noBedrock = ['--env', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9'];

describe('bedrock-emulator lambda with a Python handler', () => {
  it("takes FILE#EXPORT, and says Lambda's form of it", async () => {
    const run = runCli(['lambda', '--handler', 'test/aws-local/handlers/python/app.py#echo_http', '--runtime', 'python3.11', '--invoke-mode', 'BUFFERED', '--port', '0', ...noBedrock]);
    const url = await run.listening();
    const { stdout } = run.output();
    expect(stdout).toContain('note: Lambda names this handler app.echo_http, from its code folder test/aws-local/handlers/python/ (there: --handler app.echo_http); both forms work here\n');
    expect(stdout).toContain('note: python3.11 runs in its own process, as on Lambda, whatever --mode says (the mode chooses how Node.js handlers run)\n');
    expect(stdout).toMatch(/note: python3\.11: Python 3\.11\.\d+ \(\S+\) under the emulator's Python runtime interface client\n/);
    expect(stdout).toContain('function app (python3.11, runtime, BUFFERED, timeout 3 s)\n');
    const response = await fetch(new URL('/from-the-cli', url));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { event: { rawPath: string } }).event.rawPath).toBe('/from-the-cli');
  });

  it("takes Lambda's MODULE.FUNCTION from the current folder, the runtime told by the .py file", async () => {
    const run = runCli(['lambda', '--handler', 'app.echo_http', '--invoke-mode', 'BUFFERED', '--port', '0', ...noBedrock], { cwd: codeDir });
    const url = await run.listening();
    expect(run.output().stdout).not.toContain('Lambda names this handler');
    expect(run.output().stdout).toMatch(/^function app \(python3\.\d+, runtime, BUFFERED, timeout 3 s\)$/m);
    expect((await fetch(url)).status).toBe(200);
  });

  it("runs on the machine's python3 when it lacks the runtime's version, and says so", async () => {
    // A machine with no pyenv and only python3 on PATH.
    const bin = temporaryDir();
    symlinkSync(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim(), path.join(bin, 'python3'));
    const run = runCli(['lambda', '--handler', 'app.echo_http', '--runtime', 'python3.14', '--invoke-mode', 'BUFFERED', '--port', '0', ...noBedrock], { cwd: codeDir, env: { ...process.env, PATH: bin, PYENV_ROOT: temporaryDir() } });
    const url = await run.listening();
    expect(run.output().stdout).toMatch(/^note: python3\.14: this machine has no Python 3\.14 \(none in pyenv, no python3\.14 on PATH\), so its python3 stands in: Python 3\.\d+\.\d+ \(\S+\/python3\) under the emulator's Python runtime interface client$/m);
    expect((await fetch(url)).status).toBe(200);
  });

  it("says what pip said when a function's requirements.txt cannot be installed", async () => {
    const dir = temporaryDir();
    cpSync(path.join(codeDir, 'helper.py'), path.join(dir, 'helper.py'));
    cpSync(path.join(codeDir, 'app.py'), path.join(dir, 'app.py'));
    writeFileSync(path.join(dir, 'requirements.txt'), 'no-such-package-bedrock-emulator-test==1.0\n');
    const run = runCli(['lambda', '--handler', 'app.echo_http', '--runtime', 'python3.11', '--port', '0', ...noBedrock], { cwd: dir, env: { ...process.env, BEDROCK_EMULATOR_CACHE_DIR: path.join(dir, 'cache') } });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toMatch(/^\[app\] installing \S+requirements\.txt for Python 3\.11\.\d+ \(once; kept in \S+\)\nbedrock-emulator: pip could not install \S*requirements\.txt \(from the index pip is configured with; see `pip config list`\): /);
    expect(stderr).toContain('No matching distribution found for no-such-package-bedrock-emulator-test==1.0');
  }, 60_000);
});

describe('bedrock-emulator stack with Runtime: python3.x', () => {
  it("runs a template's Python function behind its Function URL and HTTP API, from its CodeUri", async () => {
    const dir = temporaryDir();
    mkdirSync(path.join(dir, 'src'));
    for (const file of ['app.py', 'helper.py']) cpSync(path.join(codeDir, file), path.join(dir, 'src', file));
    const template = path.join(dir, 'template.yaml');
    writeFileSync(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function: { Runtime: python3.11, Timeout: 10 }',
        'Resources:',
        '  Echo:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src/',
        '      Handler: app.echo_http',
        '      FunctionUrlConfig: { AuthType: NONE }',
        '      Events:',
        "        Http: { Type: HttpApi, Properties: { Path: '/echo/{id}', Method: GET } }",
      ].join('\n'),
    );
    const stack = await startStack({ template });
    try {
      expect(stack.notes).toContainEqual(expect.stringMatching(/^Echo: python3\.11: Python 3\.11\.\d+ /));
      expect(stack.notes).toContain('Echo: python3.11 runs in its own process, as on Lambda, whatever --mode says (the mode chooses how Node.js handlers run)');
      const http = stack.endpoints.find((endpoint) => endpoint.kind === 'http-api')?.url ?? '';
      const viaHttp = (await (await fetch(`${http}/echo/7`)).json()) as { event: { pathParameters: unknown }; function: string };
      expect(viaHttp).toMatchObject({ event: { pathParameters: { id: '7' } }, function: 'Echo' });
      const functionUrl = stack.endpoints.find((endpoint) => endpoint.kind === 'function-url')?.url ?? '';
      expect((await fetch(functionUrl)).status).toBe(200);
    } finally {
      await stack.close();
    }
  }, 60_000);
});

describe("a Python function's requirements.txt environment", () => {
  it('is made once, kept, and made again when it is no longer whole', async () => {
    const dir = temporaryDir();
    for (const file of ['app.py', 'helper.py']) cpSync(path.join(codeDir, file), path.join(dir, file));
    writeFileSync(path.join(dir, 'requirements.txt'), '# nothing to install: the environment is made all the same\n');
    const cacheDir = path.join(dir, 'cache');
    const startOnce = async () => {
      const running = await startFunction({ handler: 'app.echo_http', codeDir: dir, runtime: 'python3.11', cacheDir, onLog: () => undefined });
      await running.close();
      return running.notes.find((note) => note.includes('requirements.txt'));
    };
    const made = await startOnce();
    expect(made).toMatch(/requirements\.txt: installed in \S+$/);
    const venv = (made ?? '').replace(/^.* installed in /, '');
    expect(await startOnce()).toBe(`${made ?? ''} (kept from an earlier run)`);
    rmSync(path.join(venv, 'bin'), { recursive: true });
    expect(await startOnce()).toBe(made);
  }, 120_000);
});

describe('a handler named by its file alone', () => {
  it.each([
    ['a Node.js file: its handler export', 'src/functions/chat-stream/index.ts', { runtime: expect.stringMatching(/^nodejs/), handler: 'index.handler', handlerExport: 'handler' }],
    ['a Python file: its lambda_handler', 'test/aws-local/handlers/python-boto3/converse.py', { runtime: expect.stringMatching(/^python3\.\d+$/), handler: 'converse.lambda_handler', handlerExport: 'lambda_handler' }],
  ])('is %s', async (_name, file, expected) => {
    expect(await resolveHandler(file, {})).toMatchObject({ ...expected, handlerFile: path.join(repoRoot, file), codeDir: path.dirname(path.join(repoRoot, file)) });
  });
});
