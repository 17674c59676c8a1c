import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.ts';
import { eventually } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

const handler = 'test/aws-local/handlers/process-exit.ts#handler';
/** Lambda's own report of the exit, as it logs it and as the invocation's error says it. */
const exitMessage = /RequestId: ([0-9a-f-]{36}) Error: Runtime exited with error: exit status 3/;

/** The doors, each run by its own command, with where the counting path and the exiting path are and what the exit answers. */
const doors = [
  { door: 'a Function URL', command: ['lambda'], prefix: '', status: 502, body: { Message: 'Internal Server Error' } },
  { door: 'a REST API', command: ['rest-api', '--stage', 'prod'], prefix: '/prod', status: 502, body: { message: 'Internal server error' } },
  { door: 'an HTTP API', command: ['http-api'], prefix: '', status: 500, body: { message: 'Internal Server Error' } },
] as const;

type Counted = { readonly environment: string; readonly calls: number };

/**
 * The environment that exited, from its last log line; once its timer has thrown (in process its
 * code runs on), so that error cannot land in the next call.
 */
async function exitedEnvironment(run: CliRun, mode: string): Promise<string> {
  let name: string | undefined;
  await eventually(() => {
    name = /environment (\w+) exits/.exec(run.output().stdout + run.output().stderr)?.[1];
    expect(name).toBeDefined();
  }, 3000);
  if (mode === 'in-process') await eventually(() => expect(run.output().stderr).toContain('thrown by a timer the exited environment left'), 3000);
  return name ?? '';
}

/**
 * The call after the exit is answered by a fresh environment — its module state starts over — or,
 * in runtime mode, possibly by another environment already running (one starts when a call comes
 * while the others are busy), never by the one that exited.
 */
function expectNotTheExited(after: Counted, before: Counted, exited: string): void {
  expect(after.environment).not.toBe(exited);
  expect(after.calls).toBe(after.environment === before.environment ? before.calls + 1 : 1);
}

describe.each(['in-process', 'runtime'] as const)('a handler that calls process.exit(), %s mode', (mode) => {
  it.each(doors)('$door: the invocation fails with Runtime.ExitError, the host serves on, the next call gets a fresh environment', async ({ command, prefix, status, body }) => {
    const run = runCli([...command, '--handler', handler, '--port', '0', '--mode', mode, '--timeout', '5']);
    const url = (await run.listening()).replace(/\/$/, '');
    const call = (path: string) => fetch(`${url}${prefix}${path}`, { method: 'POST' });
    const before = (await (await call('/count')).json()) as Counted;
    expect(before.calls).toBe(1);
    const exitedCall = await call('/exit');
    expect([exitedCall.status, await exitedCall.json()]).toEqual([status, body]);
    // Logged as Lambda logs it: the message, then the error type.
    await eventually(() => expect(run.output().stderr).toMatch(new RegExp(`${exitMessage.source}\\n(\\[\\S+\\] )?Runtime\\.ExitError\\n`)));
    const exited = await exitedEnvironment(run, mode);
    if (mode === 'in-process') expect(exited).toBe(before.environment);
    expectNotTheExited((await (await call('/count')).json()) as Counted, before, exited);
    expect(run.child.exitCode).toBeNull();
  });

  it('the Invoke API: X-Amz-Function-Error Unhandled and the error as its payload, naming the request', async () => {
    const run = runCli(['lambda', '--handler', handler, '--port', '0', '--mode', mode, '--timeout', '5', '--function-name', 'exits']);
    const url = await run.listening();
    const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const invoke = async (path: string) => {
      const output = await lambda.send(new InvokeCommand({ FunctionName: 'exits', Payload: JSON.stringify({ path }) }));
      return { output, payload: JSON.parse(new TextDecoder().decode(output.Payload)) as Record<string, unknown> };
    };
    const counted = (payload: Record<string, unknown>) => JSON.parse(String(payload['body'])) as Counted;
    const before = counted((await invoke('/count')).payload);
    const { output, payload } = await invoke('/exit');
    expect(output.FunctionError).toBe('Unhandled');
    expect(payload).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${output.$metadata.requestId ?? ''} Error: Runtime exited with error: exit status 3` });
    const exited = await exitedEnvironment(run, mode);
    expectNotTheExited(counted((await invoke('/count')).payload), before, exited);
    lambda.destroy();
  });
});

/** The handler above written as CommonJS: Node keeps such a module by its file name, so a fresh environment loads it anew another way than by URL. */
const commonJsHandler = `let calls = 0;
exports.handler = async (event) => {
  calls += 1;
  if (event.rawPath.endsWith('/exit')) process.exit(3);
  return { statusCode: 200, body: 'call ' + calls };
};
`;

describe('a CommonJS handler that calls process.exit(), in process', () => {
  it('gets a fresh environment too: its module is loaded anew', async () => {
    const handlerFile = path.join(temporaryDir(), 'handler.cjs');
    writeFileSync(handlerFile, commonJsHandler);
    const run = runCli(['lambda', '--handler', `${handlerFile}#handler`, '--port', '0']);
    const url = await run.listening();
    const call = (path: string) => fetch(new URL(path, url), { method: 'POST' });
    expect(await (await call('/count')).text()).toBe('call 1');
    expect(await (await call('/count')).text()).toBe('call 2');
    expect((await call('/exit')).status).toBe(502);
    expect(await (await call('/count')).text()).toBe('call 1');
  });
});

/** A handler whose module exits while a fresh environment loads it (once: the flag lives on in the host's global scope). */
const exitsWhileLoading = `const flags = globalThis;
if (flags.exitWhileLoading) {
  flags.exitWhileLoading = false;
  process.exit(5);
}
export async function handler(event) {
  if (event.rawPath.endsWith('/exit')) {
    flags.exitWhileLoading = true;
    process.exit(3);
  }
  return { statusCode: 200, body: 'loaded' };
}
`;

describe('a module that exits while a fresh environment loads it, in process', () => {
  it('fails the invocation that needed it with Runtime.ExitError, and the next one loads it again', async () => {
    const handlerFile = path.join(temporaryDir(), 'handler.mjs');
    writeFileSync(handlerFile, exitsWhileLoading);
    const run = runCli(['lambda', '--handler', `${handlerFile}#handler`, '--port', '0']);
    const url = await run.listening();
    const call = (path: string) => fetch(new URL(path, url), { method: 'POST' });
    expect((await call('/exit')).status).toBe(502);
    expect((await call('/count')).status).toBe(502);
    await eventually(() => expect(run.output().stderr).toMatch(/RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 5\n/));
    expect(await (await call('/count')).text()).toBe('loaded');
  });
});
