import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaHost, type LambdaHostOptions, type RunningLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { credentials, eventually, region } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/**
 * The Python runtime interface client, through the real host: unmodified
 * handlers written for AWS (test/aws-local/handlers/python/), invoked with
 * the AWS SDK's Lambda client and fetch, answered as AWS's Python runtime
 * answers (docs/runtimes.md#python-managed-runtimes).
 */
const codeDir = 'test/aws-local/handlers/python';
const taskRoot = path.resolve(codeDir);
const lines: string[] = [];
const hosts: RunningLambdaHost[] = [];
const clients: LambdaClient[] = [];

async function host(handler: string, options: Partial<LambdaHostOptions> = {}): Promise<RunningLambdaHost> {
  const started = await startLambdaHost({ handler, codeDir, runtime: 'python3.11', invokeMode: 'BUFFERED', port: 0, timeoutSeconds: 5, onLog: (line) => lines.push(line), ...options });
  hosts.push(started);
  return started;
}

function clientOf(running: RunningLambdaHost): LambdaClient {
  const client = new LambdaClient({ endpoint: running.url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

/** Invokes with the SDK: the payload as text, the function error, the request id. */
async function invoke(running: RunningLambdaHost, payload: unknown, options: { clientContext?: string } = {}): Promise<{ text: string; bytes: Uint8Array; functionError: string | undefined; requestId: string | undefined; output: InvokeCommandOutput }> {
  const output = await clientOf(running).send(new InvokeCommand({ FunctionName: running.functionName, Payload: JSON.stringify(payload), ClientContext: options.clientContext }));
  const bytes = output.Payload ?? new Uint8Array();
  return { text: new TextDecoder().decode(bytes), bytes, functionError: output.FunctionError, requestId: output.$metadata.requestId, output };
}

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(hosts.map((running) => running.close()));
});

describe('the Python runtime: what a handler gets', () => {
  let running: RunningLambdaHost;
  beforeAll(async () => {
    running = await host('app.context_and_environment', { functionName: 'py-context', memorySizeMb: 256, environment: { MY_SETTING: 'on' } });
  }, 60_000);

  it('a context and an environment as Lambda gives them', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'a' }, env: { locale: 'en' }, client: { app_title: 'shop' } })).toString('base64');
    const { text, requestId } = await invoke(running, { hello: 'world' }, { clientContext });
    const seen = JSON.parse(text) as Record<string, unknown> & { remaining_ms: number };
    expect(seen).toMatchObject({
      aws_request_id: requestId,
      function_name: 'py-context',
      function_version: '$LATEST',
      invoked_function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:py-context',
      memory_limit_in_mb: '256',
      log_group_name: '/aws/lambda/py-context',
      log_stream_name: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]/),
      identity: [null, null],
      client_context: { custom: { tenant: 'a' }, env: { locale: 'en' }, app_title: 'shop' },
      environment: {
        AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11',
        AWS_LAMBDA_FUNCTION_NAME: 'py-context',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: 'app.context_and_environment',
        TZ: ':UTC',
        MY_SETTING: 'on',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      },
      has_credentials: true,
      trace_id_set: true,
      cwd: taskRoot,
      first_on_path: taskRoot,
      event: { hello: 'world' },
      helper: 'hello from helper',
    });
    expect(seen.remaining_ms).toBeGreaterThan(3000);
    expect(seen.remaining_ms).toBeLessThanOrEqual(5000);
  });

  it.each([
    ['a package module', 'pkg.handlers.chat.handler', 'pkg.handlers.chat'],
    ['a sub-folder named with a slash', 'sub/app.handler', 'sub.app'],
  ])('finds %s as Lambda does (%s)', async (_name, handler, module) => {
    const running = await host(handler);
    expect(JSON.parse((await invoke(running, {})).text)).toEqual({ module });
  }, 60_000);
});

describe('the Python runtime: results', () => {
  let running: RunningLambdaHost;
  beforeAll(async () => {
    running = await host('app.results', { functionName: 'py-results' });
  }, 60_000);

  // What simplejson (AWS's encoder) writes: ", " and ": " separators, bytes as UTF-8 text, a
  // Decimal as its number, NaN allowed, non-ASCII escaped up to python3.11.
  it.each([
    ['None', 'none', 'null'],
    ['bytes inside a result, as UTF-8 text', 'bytes-body', '{"statusCode": 200, "body": "hi from bytes"}'],
    ['a dict body, as it is', 'dict-body', '{"statusCode": 200, "body": {"x": 1}}'],
    ['Decimals as their numbers', 'decimal', '{"price": 12.50, "count": 3, "text": "caf\\u00e9"}'],
    ['NaN', 'nan', '{"value": NaN}'],
  ])('sends %s', async (_name, kind, expected) => {
    const { text, functionError } = await invoke(running, { kind });
    expect({ text, functionError }).toEqual({ text: expected, functionError: undefined });
  });

  it('sends a bytes result as it is', async () => {
    const { bytes, functionError } = await invoke(running, { kind: 'bytes' });
    expect({ bytes: [...bytes], functionError }).toEqual({ bytes: [0, 1, ...new TextEncoder().encode('raw')], functionError: undefined });
  });

  it.each([
    ['a set', 'set', 'Unable to marshal response: Object of type set is not JSON serializable'],
    ['bytes that are not UTF-8', 'invalid-utf8', "Unable to marshal response: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
  ])('fails %s with Runtime.MarshalError', async (_name, kind, errorMessage) => {
    const { text, functionError, requestId } = await invoke(running, { kind });
    expect(functionError).toBe('Unhandled');
    expect(text).toBe(`{"errorMessage": ${JSON.stringify(errorMessage)}, "errorType": "Runtime.MarshalError", "requestId": "${requestId ?? ''}", "stackTrace": []}`);
  });

  it('maps a result for a BUFFERED Function URL: a binary body base64-decoded, a dict body as JSON', async () => {
    const binary = await fetch(running.url, { method: 'POST', body: JSON.stringify({ kind: 'binary-response' }) });
    expect(binary.status).toBe(200);
    expect(binary.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0x89, ...new TextEncoder().encode('PNG')]);
    const dict = await fetch(running.url, { method: 'POST', body: JSON.stringify({ kind: 'dict-body' }) });
    expect([dict.status, await dict.json()]).toEqual([200, { x: 1 }]);
  });

  it('fails an async handler as the runtime does: it never awaits the coroutine', async () => {
    const running = await host('app.coroutine');
    const { text, functionError } = await invoke(running, {});
    expect(functionError).toBe('Unhandled');
    expect(JSON.parse(text)).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: Object of type coroutine is not JSON serializable', stackTrace: [] });
  }, 60_000);
});

describe('the Python runtime: failures', () => {
  it("reports a handler's exception with its class, its text and the user's frames, and logs it as the runtime does", async () => {
    const running = await host('app.raises', { functionName: 'py-raises' });
    const { text, functionError, requestId } = await invoke(running, { message: 'bad input' });
    expect(functionError).toBe('Unhandled');
    const document = JSON.parse(text) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
    expect(Object.keys(document)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    expect(document).toMatchObject({ errorMessage: 'bad input', errorType: 'ValueError', requestId });
    expect(document.stackTrace).toEqual([
      `  File "${taskRoot}/app.py", line 77, in raises\n    return helper.fail(event.get("message", "kaboom"))\n`,
      `  File "${taskRoot}/helper.py", line 9, in fail\n    raise ValueError(message)\n`,
    ]);
    await eventually(() => expect(lines).toContain('[ERROR] ValueError: bad input'));
    const at = lines.indexOf('[ERROR] ValueError: bad input');
    // The runtime joins an error's lines with CR and indents them with NO-BREAK SPACE; the host shows each line.
    expect(lines.slice(at, at + 4)).toEqual(['[ERROR] ValueError: bad input', 'Traceback (most recent call last):', `\u00a0\u00a0File "${taskRoot}/app.py", line 77, in raises`, '\u00a0\u00a0\u00a0\u00a0return helper.fail(event.get("message", "kaboom"))']);
  }, 60_000);

  it.each([
    ['a module that imports what the function lacks', 'broken_import.handler', { errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'broken_import': No module named 'not_installed_anywhere'", stackTrace: [] }],
    ['a handler its module does not have', 'app.missing', { errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'missing' missing on module 'app'", stackTrace: [] }],
    ['a module that does not parse', 'broken_syntax.handler', { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/^Syntax error in module 'broken_syntax': .+ \(broken_syntax\.py, line 4\)$/), stackTrace: [expect.stringMatching(new RegExp(`^  File "${taskRoot}/broken_syntax\\.py" Line 4\\n    def handler\\(event, context\\)`))] }],
    ['a module that raises while it loads', 'raises_on_import.handler', { errorType: 'RuntimeError', errorMessage: 'the configuration is missing', stackTrace: expect.arrayContaining([`  File "${taskRoot}/raises_on_import.py", line 3, in <module>\n    raise RuntimeError("the configuration is missing")\n`]) }],
  ])('reports %s as an init error, on every invocation (%s)', async (_name, handler, expected) => {
    const running = await host(handler);
    for (let attempt = 0; attempt < 2; attempt++) {
      const { text, functionError } = await invoke(running, {});
      expect(functionError).toBe('Unhandled');
      expect(JSON.parse(text)).toEqual({ ...expected, requestId: '' });
    }
    const viaUrl = await fetch(running.url, { method: 'POST', body: '{}' });
    expect([viaUrl.status, await viaUrl.json()]).toEqual([502, { Message: 'Internal Server Error' }]);
  }, 60_000);

  it('ends an invocation at its timeout, then serves the next from a fresh execution environment', async () => {
    const running = await host('app.sleeps', { timeoutSeconds: 1 });
    // (The host answers a timeout before the function's answer as an error of the API, for every runtime.)
    await expect(invoke(running, { seconds: 3 })).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' });
    const next = await invoke(running, { seconds: 0 });
    expect(next.functionError).toBeUndefined();
    expect((JSON.parse(next.text) as { remaining_ms: number }).remaining_ms).toBeGreaterThan(0);
  }, 60_000);
});

describe('the Python runtime: logs and execution environments', () => {
  it("puts the function's prints, its logger's records and context.log in the log, with the request id", async () => {
    const running = await host('app.logs');
    const { requestId } = await invoke(running, {});
    await eventually(() => expect(lines).toContain('printed line'));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${requestId ?? 'none'}\\tlogged at info$`)));
    expect(lines).toContain('via context.log');
  }, 60_000);

  it('keeps module state across the invocations one environment serves, and gives concurrent ones their own', async () => {
    const running = await host('app.counts');
    // An environment is free again only once its runtime asks for the next event, a moment after it
    // answered (as on Lambda): a call sent in that moment starts another one. So each environment's
    // count is checked on its own: it goes up by one per call it serves, and one of them serves several.
    const served: { invocations: number; pid: number }[] = [];
    for (let call = 0; call < 4; call++) {
      served.push(JSON.parse((await invoke(running, {})).text) as { invocations: number; pid: number });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const countsByPid = new Map<number, number[]>();
    for (const { pid, invocations } of served) countsByPid.set(pid, [...(countsByPid.get(pid) ?? []), invocations]);
    for (const counts of countsByPid.values()) expect(counts).toEqual(counts.map((_, index) => (counts[0] ?? 0) + index));
    expect(Math.max(...[...countsByPid.values()].map((counts) => counts.length))).toBeGreaterThanOrEqual(2);
    const together = await Promise.all([invoke(running, { seconds: 0.3 }), invoke(running, { seconds: 0.3 })]);
    const pids = together.map(({ text }) => (JSON.parse(text) as { pid: number }).pid);
    expect(new Set(pids).size).toBe(2);
  }, 60_000);
});

describe('the Python runtime: which runtime interface client', () => {
  it("prefers the real awslambdaric when the function's environment has it, started as AWS's images start it", async () => {
    // A stand-in for awslambdaric in the code folder (as `pip install -t .` puts it in a deployment
    // package): it marks the environment, then runs the host's own client, which it finds where
    // Lambda puts the runtime (LAMBDA_RUNTIME_DIR).
    const dir = temporaryDir();
    mkdirSync(path.join(dir, 'awslambdaric'));
    writeFileSync(path.join(dir, 'awslambdaric', '__init__.py'), '');
    writeFileSync(
      path.join(dir, 'awslambdaric', '__main__.py'),
      ['import os, sys', 'os.environ["STARTED_AS"] = " ".join(["python -m awslambdaric", *sys.argv[1:]])', 'sys.path.append(os.environ["LAMBDA_RUNTIME_DIR"])', 'from bedrock_emulator_runtime.__main__ import main', 'main(sys.argv)', ''].join('\n'),
    );
    writeFileSync(path.join(dir, 'app.py'), ['import os', '', 'def handler(event, context):', '    return os.environ.get("STARTED_AS")', ''].join('\n'));
    const running = await host('app.handler', { codeDir: dir });
    expect(running.notes).toContainEqual(expect.stringMatching(/^python3\.11: Python 3\.11\.\d+ \(\S+\) under awslambdaric \(found in the function's environment\)$/));
    expect(JSON.parse((await invoke(running, {})).text)).toBe('python -m awslambdaric app.handler');
  }, 60_000);
});
