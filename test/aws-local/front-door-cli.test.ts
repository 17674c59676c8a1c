import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { functionEnvironment } from '../../src/cli/function-options.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { runCli } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';

const handlers = 'test/aws-local/handlers';

describe('front-door commands, spawned', () => {
  it('rest-api serves a handler under its stage and path, STREAM or BUFFERED, and says where', async () => {
    const run = runCli(['rest-api', '--handler', `${handlers}/gateway.ts#streaming`, '--port', '0', '--path', '/chat/{proxy+}', '--stage', 'dev', '--transfer-mode', 'STREAM', '--integration-timeout', '60000']);
    const url = await run.listening();
    expect(run.output().stdout).toContain(`REST API stage dev: ANY ${url}/dev/chat/{proxy+} (STREAM, integration timeout 60000 ms; function in-process, timeout 3 s)`);
    const response = await fetch(`${url}/dev/chat/x?pieces=2&gap=10`);
    expect(response.status).toBe(207);
    expect(await response.text()).toBe('piece 0\npiece 1\n');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('http-api serves a route with payload 2.0', async () => {
    const run = runCli(['http-api', '--handler', `${handlers}/gateway.ts#proxy`, '--port', '0', '--route', 'GET /items/{id}']);
    const url = await run.listening();
    const event = (await (await fetch(`${url}/items/3`)).json()) as { routeKey: string; pathParameters: unknown };
    expect(event).toMatchObject({ routeKey: 'GET /items/{id}', pathParameters: { id: '3' } });
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it('gives an in-process function what the managed runtime gives it: a region and credentials, on a machine with none', async () => {
    const emulator = await startEmulator({ fixturePaths: [path.join(import.meta.dirname, '../../fixtures')], timeScale: 0 });
    try {
      // A shell without any AWS configuration: the shipped function builds its client with `new BedrockRuntimeClient({})`.
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
      const run = runCli(['http-api', '--handler', 'src/functions/chat-stream/index.ts#bufferedHandler', '--port', '0', '--env', `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emulator.url}`], { env: { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' } });
      const url = await run.listening();
      const response = await fetch(`${url}/chat`, { method: 'POST', body: '{"prompt":"Tell me a story"}' });
      expect([response.status, (await response.text()).slice(0, 16)]).toEqual([200, 'Once upon a time']);
    } finally {
      await emulator.close();
    }
  });

  it('websocket-api routes messages to its handlers and prints its ws:// URL', async () => {
    const run = runCli(['websocket-api', '--port', '0', '--route', `$default=${handlers}/websocket.ts#message`, '--route', `echo=${handlers}/websocket.ts#message`, '--route-response', '$default']);
    await run.listening();
    const wsUrl = /websocket on (ws:\/\/\S+)/.exec(run.output().stdout)?.[1] ?? '';
    expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/);
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
    ws.send('hi');
    expect(await answer).toBe('default route got: hi');
    ws.close();
  });
});

describe('front-door commands, as a function', () => {
  it('says what is wrong with a route or an integration timeout', async () => {
    const badRoute = runMain(['websocket-api', '--port', '0', '--route', 'no-equals-sign']);
    expect(await badRoute.exitCode).toBe(1);
    expect(badRoute.output().stderr).toContain('--route expects KEY=file#export, got "no-equals-sign"');
    const badTimeout = runMain(['rest-api', '--port', '0', '--handler', `${handlers}/gateway.ts#proxy`, '--integration-timeout', '40000']);
    expect(await badTimeout.exitCode).toBe(1);
    expect(badTimeout.output().stderr).toBe("bedrock-emulator: --integration-timeout 40000: a BUFFERED integration waits at most 29000 ms (API Gateway's limits); --transfer-mode STREAM allows up to 900000\n");
    const missingHandler = runMain(['http-api', '--port', '0', '--handler', `${handlers}/nope.ts#proxy`]);
    expect(await missingHandler.exitCode).toBe(1);
    expect(missingHandler.output().stderr).toMatch(/^bedrock-emulator: .*nope\.ts/m);
  });
});

describe("the functions' Bedrock endpoint", () => {
  const variable = 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME';
  const settle = async (pairs: string[], emulatorUrl: string): Promise<{ environment: Record<string, string>; said: string }> => {
    let said = '';
    const environment = await functionEnvironment(pairs, { out: (text) => (said += text) }, emulatorUrl);
    return { environment, said };
  };

  it("is --env's, else the shell's, else an emulator found running, and says which; with none, says the calls go to AWS", async () => {
    const shell = process.env[variable];
    delete process.env[variable];
    const emulator = await startEmulator({ fixtures: [] });
    try {
      expect(await settle([`${variable}=http://given`], emulator.url)).toEqual({ environment: { [variable]: 'http://given' }, said: `Bedrock for the functions: http://given (${variable} from --env)\n` });
      expect(await settle([], emulator.url)).toEqual({ environment: { [variable]: emulator.url }, said: `Bedrock for the functions: the emulator running on ${emulator.url}\n` });
      process.env[variable] = 'http://from-shell';
      expect(await settle(['A=1'], emulator.url)).toEqual({ environment: { A: '1', [variable]: 'http://from-shell' }, said: `Bedrock for the functions: http://from-shell (${variable} from this shell)\n` });
      delete process.env[variable];
      const closed = emulator.url;
      await emulator.close();
      const none = await settle([], closed);
      expect(none.environment).toEqual({});
      expect(none.said).toBe(`note: no ${variable} given and no emulator on ${closed}: the functions' Bedrock calls go to AWS. Start one (bedrock-emulator start) or pass -e ${variable}=<url>.\n`);
    } finally {
      if (shell === undefined) delete process.env[variable];
      else process.env[variable] = shell;
      await emulator.close().catch(() => undefined);
    }
  });
});
