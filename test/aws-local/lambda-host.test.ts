import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction } from '../../src/aws-local/node/start-function.ts';
import { startLambdaHost, type RunningLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { eventually } from '../support/emulator.ts';

const handlers = 'test/aws-local/handlers/semantics.ts';
const lines: string[] = [];

describe.each(['in-process', 'runtime'] as const)('Lambda host, %s mode', (mode) => {
  let streaming: RunningLambdaHost;
  let classic: RunningLambdaHost;
  let buffered: RunningLambdaHost;
  beforeAll(async () => {
    const common = { mode, timeoutSeconds: 1, onLog: (line: string) => lines.push(line) } as const;
    [streaming, classic, buffered] = await Promise.all([
      startLambdaHost({ ...common, handler: `${handlers}#streaming`, functionName: 'semantics', limits: { maxStreamedBytes: 40 * 1024, uncappedStreamBytes: 8 * 1024, streamBytesPerSecond: 100 * 1024 } }),
      startLambdaHost({ ...common, handler: `${handlers}#classic`, functionName: 'classic', environment: { MY_SETTING: 'on', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:4010' } }),
      startLambdaHost({ ...common, handler: `${handlers}#streaming`, functionName: 'buffered', invokeMode: 'BUFFERED', limits: { maxBufferedBytes: 10 * 1024 } }),
    ]);
  }, 30_000);
  afterAll(() => Promise.all([streaming.close(), classic.close(), buffered.close()]));

  const call = (host: RunningLambdaHost, path: string, init: RequestInit = {}) => fetch(new URL(path, host.url), { method: 'POST', ...init });
  const lastInvocation = (host: RunningLambdaHost) => host.invocations().at(-1);

  it('gives the handler what the managed runtime gives it, the same in both modes', async () => {
    const environment = (await (await call(classic, '/env')).json()) as Record<string, unknown>;
    expect(environment).toEqual({
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0] ?? ''}.x`,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:4010',
      MY_SETTING: 'on',
      hasFunctionName: true,
      hasCredentials: true,
    });
  });

  describe('RESPONSE_STREAM Function URL', () => {
    it('splits the prelude into status, headers and cookies and streams the rest as written', async () => {
      const startedAt = performance.now();
      const response = await call(streaming, '/prelude');
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.get('x-custom')).toBe('a');
      expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      const reader = response.body?.getReader();
      const first = await reader?.read();
      const firstAt = performance.now() - startedAt;
      let rest = '';
      for (let chunk = await reader?.read(); chunk?.done === false; chunk = await reader?.read()) rest += new TextDecoder().decode(chunk.value as Uint8Array);
      expect(new TextDecoder().decode(first?.value as Uint8Array) + rest).toBe('data: one\n\ndata: two\n\n');
      // The first bytes left before the handler returned (it waits 150 ms before its second write).
      expect(performance.now() - startedAt - firstAt).toBeGreaterThanOrEqual(100);
    });

    it('answers 200 with nothing for HttpResponseStream.from(…).end(), as AWS does', async () => {
      const response = await call(streaming, '/prelude-then-end');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-custom')).toBeNull();
      expect(await response.text()).toBe('');
    });

    it('answers 502 for HttpResponseStream.from(…).end(data): no prelude was written', async () => {
      expect((await call(streaming, '/prelude-then-end-data')).status).toBe(502);
    });

    it('refuses setContentType after the first write', async () => {
      const response = await call(streaming, '/content-type-too-late');
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(await response.text()).toBe('x|Runtime.InvalidStreamingOperation: Cannot set content-type, too late.');
    });

    it('fails a content type no header can carry as the runtime does (502), nothing injected', async () => {
      const response = await call(streaming, '/content-type-newline');
      expect([response.status, response.headers.get('x-injected'), await response.json()]).toEqual([502, null, { Message: 'Internal Server Error' }]);
      expect(lastInvocation(streaming)?.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'Invalid character in header content ["Content-Type"]' });
    });

    it('writes objects as JSON', async () => {
      expect(await (await call(streaming, '/object-chunk')).text()).toBe('{"a":1}');
    });

    it('fails a non-async streaming handler with the runtime\'s error', async () => {
      expect((await call(streaming, '/not-async')).status).toBe(502);
      expect(lastInvocation(streaming)?.error).toMatchObject({ errorType: 'string', errorMessage: 'Streaming does not support non-async handlers.' });
    });

    it('ends the body after the bytes already sent when the handler throws after writing, with the error recorded', async () => {
      const response = await call(streaming, '/throws-after-write');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('data: one\n\n');
      expect(lastInvocation(streaming)).toMatchObject({ outcome: 'function-error', error: { errorType: 'TypeError', errorMessage: 'kaboom after first chunk' } });
    });

    it('answers 502, never hangs, for a status or a header no HTTP response can carry', async () => {
      for (const [host, path] of [[streaming, '/bad-status'], [streaming, '/header-newline'], [classic, '/classic-bad-status']] as const) {
        const response = await call(host, path, { signal: AbortSignal.timeout(3000) });
        expect({ path, status: response.status }).toEqual({ path, status: 502 });
        expect(response.headers.get('x-injected')).toBeNull();
      }
    });

    it('answers 502 when the handler throws before writing', async () => {
      const response = await call(streaming, '/throws-before-write');
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
      expect(lastInvocation(streaming)?.error).toMatchObject({ errorType: 'RangeError', errorMessage: 'nothing written' });
      // The host's log says what failed, with the stack, in both modes alike (the runtime interface client's own line).
      const requestId = lastInvocation(streaming)?.requestId ?? '';
      await eventually(() => {
        const line = lines.find((candidate) => candidate.includes(requestId) && candidate.includes('Invoke Error'));
        expect(line).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"nothing written","stack":\["RangeError: nothing written","\s+at /);
      });
    });

    it('cuts off a handler past its timeout after its first bytes, and serves the next call', async () => {
      const response = await call(streaming, '/slow-after-write');
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      expect(lastInvocation(streaming)).toMatchObject({ outcome: 'timed-out', error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' } });
      expect(await (await call(streaming, '/object-chunk')).text()).toBe('{"a":1}');
    });

    it('answers 502 for a handler that times out before writing', async () => {
      const response = await call(streaming, '/slow-before-write');
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ Message: 'Task timed out after 1.00 seconds' });
    });

    it('keeps an unfinished stream open until the timeout, as the runtime does', async () => {
      const startedAt = performance.now();
      const response = await call(streaming, '/unfinished');
      await expect(response.text()).rejects.toThrow();
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(950);
      expect(lastInvocation(streaming)?.outcome).toBe('timed-out');
    });

    it('passes a payload-format 2.0 event', async () => {
      const response = await call(streaming, '/echo-event?a=1&a=2&b=x', {
        headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'X-Mixed-Case': 'yes' },
        body: '{"x":1}',
      });
      const event = (await response.json()) as Record<string, unknown>;
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: '$default',
        rawPath: '/echo-event',
        rawQueryString: 'a=1&a=2&b=x',
        queryStringParameters: { a: '1,2', b: 'x' },
        cookies: ['c1=v1', 'c2=v2'],
        body: '{"x":1}',
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST', path: '/echo-event' }, routeKey: '$default', stage: '$default', accountId: '123456789012' },
      });
      expect(event['headers']).toMatchObject({ 'content-type': 'application/json', 'x-mixed-case': 'yes', 'x-forwarded-proto': 'https' });
      expect((event['headers'] as Record<string, string>)['cookie']).toBeUndefined();
      const binary = (await (await call(streaming, '/echo-event', { headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255]) })).json()) as Record<string, unknown>;
      expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0, 255]).toString('base64') });
    });

    it('gives the handler Lambda\'s context', async () => {
      const response = await call(streaming, '/context');
      const context = (await response.json()) as Record<string, unknown>;
      expect(context).toMatchObject({
        awsRequestId: response.headers.get('x-amzn-requestid'),
        functionName: 'semantics',
        functionVersion: '$LATEST',
        memoryLimitInMB: '128',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:semantics',
        logGroupName: '/aws/lambda/semantics',
        // In process the function shares the test's environment; under the runtime client it gets Lambda's.
        ...(mode === 'runtime' ? { region: 'us-east-1' } : {}),
      });
      expect(context['remaining']).toBeGreaterThan(500);
      expect(context['remaining']).toBeLessThanOrEqual(1000);
    });

    it('caps the bandwidth after the uncapped bytes, and cuts the stream at the size limit', async () => {
      let startedAt = performance.now();
      expect((await (await call(streaming, '/bytes?kb=16')).arrayBuffer()).byteLength).toBe(16 * 1024);
      // 8 KB over the 8 KB uncapped at 100 KB/s: at least ~80 ms.
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(70);
      startedAt = performance.now();
      expect((await (await call(streaming, '/bytes?kb=60')).arrayBuffer()).byteLength).toBe(40 * 1024);
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
      expect(lastInvocation(streaming)?.error?.errorType).toBe('Function.ResponseSizeTooLarge');
    });
  });

  describe('classic handlers', () => {
    it('map a result with statusCode to status, headers, cookies and body', async () => {
      const response = await call(classic, '/classic');
      expect(response.status).toBe(202);
      expect(response.headers.get('x-classic')).toBe('yes');
      expect(response.headers.getSetCookie()).toEqual(['c=3']);
      expect(await response.text()).toBe('classic body');
    });

    it('map any other JSON to a 200 application/json body, and decode base64 bodies', async () => {
      const json = await call(classic, '/classic-json');
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(await json.json()).toEqual({ hello: 'world' });
      expect([...new Uint8Array(await (await call(classic, '/classic-base64')).arrayBuffer())]).toEqual([0, 1, 2, 255]);
    });

    it('answer 502 when they throw', async () => {
      expect((await call(classic, '/fails')).status).toBe(502);
    });

    it('fail a result JSON cannot carry as the runtime does (502), and the host serves on', async () => {
      const unserializable = { errorType: 'Error', errorMessage: 'Unable to stringify response body' };
      const cases = [
        ['/circular', unserializable],
        ['/bigint', unserializable],
        ['/to-json-throws', unserializable],
        ['/classic-callback-circular', unserializable],
        // No JSON at all: the runtime client's native call refuses the missing text.
        ['/function-result', { errorType: 'TypeError', errorMessage: 'Wrong arguments' }],
        // Thrown, not returned, and with no way to turn it into text.
        ['/throws-prototype-less', { errorType: 'TypeError', errorMessage: 'Cannot convert object to primitive value' }],
      ] as const;
      for (const [path, error] of cases) {
        const response = await call(classic, path, { signal: AbortSignal.timeout(3000) });
        expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 502, body: { Message: 'Internal Server Error' } });
        await eventually(() => expect({ path, ...lastInvocation(classic) }).toMatchObject({ path, outcome: 'function-error', error }));
      }
      expect((await call(classic, '/classic')).status).toBe(202);
      const lambda = new LambdaClient({ endpoint: classic.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
      try {
        const response = await lambda.send(new InvokeCommand({ FunctionName: 'classic', Payload: JSON.stringify({ rawPath: '/bigint' }) }));
        expect(response.FunctionError).toBe('Unhandled');
        expect(JSON.parse(Buffer.from(response.Payload ?? []).toString())).toMatchObject(unserializable);
      } finally {
        lambda.destroy();
      }
    });

    it('answer 502 for a header, cookie or status no HTTP response can carry, nothing injected, and the log says why', async () => {
      const cases = [
        ['/header-newline', 'header "X-A" has a line break (CR or LF) in its value'],
        ['/header-space', 'header "X Spaced" has an invalid name'],
        ['/header-control', 'header "X-A" has a control character in its value'],
        ['/header-beyond-latin1', 'header "X-A" has a character beyond U+00FF in its value'],
        ['/cookie-newline', 'a cookie has a line break (CR or LF) in it'],
        ['/status-informational', 'statusCode 103 is not a final HTTP status (200 to 599)'],
      ] as const;
      for (const [path, reason] of cases) {
        const response = await call(classic, path, { signal: AbortSignal.timeout(3000) });
        expect({ path, status: response.status, injected: response.headers.get('x-injected'), body: await response.json() }).toEqual({ path, status: 502, injected: null, body: { Message: 'Internal Server Error' } });
        await eventually(() => {
          const record = lastInvocation(classic);
          expect(record?.error).toMatchObject({ errorType: 'Runtime.InvalidResponse', errorMessage: expect.stringContaining(reason) });
          expect(lines).toContainEqual(expect.stringContaining(`${record?.requestId ?? ''} the function's answer was refused: ${reason}`));
        });
      }
      expect((await call(classic, '/classic')).status).toBe(202);
    });
  });

  describe('BUFFERED Function URL', () => {
    it('collects the whole stream, then maps its prelude', async () => {
      const startedAt = performance.now();
      const response = await call(buffered, '/prelude');
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140); // nothing before the handler finished
      expect(response.status).toBe(201);
      expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
      expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
    });

    it('answers 502 past the buffered size limit', async () => {
      expect((await call(buffered, '/bytes?kb=20')).status).toBe(502);
      expect(lastInvocation(buffered)?.error?.errorType).toBe('Function.ResponseSizeTooLarge');
    });

    it('answers Invoke with Function.ResponseSizeTooLarge past the limit, counting the stream as it comes', async () => {
      const lambda = new LambdaClient({ endpoint: buffered.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
      try {
        const response = await lambda.send(new InvokeCommand({ FunctionName: 'buffered', Payload: JSON.stringify({ rawPath: '/bytes', rawQueryString: 'kb=20' }) }));
        expect(response.FunctionError).toBe('Unhandled');
        expect(JSON.parse(Buffer.from(response.Payload ?? []).toString())).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
      } finally {
        lambda.destroy();
      }
    });
  });

  describe('the Lambda API with @aws-sdk/client-lambda', () => {
    const client = () => new LambdaClient({ endpoint: streaming.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });

    it('streams InvokeWithResponseStream as PayloadChunk events and an InvokeComplete', async () => {
      const lambda = client();
      try {
        const response = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'semantics', Payload: JSON.stringify({ rawPath: '/prelude' }) }));
        expect(response.StatusCode).toBe(200);
        expect(response.ResponseStreamContentType).toBe('application/vnd.awslambda.http-integration-response');
        expect(response.ExecutedVersion).toBe('$LATEST');
        const chunks: Buffer[] = [];
        let complete: unknown;
        for await (const event of response.EventStream ?? []) {
          if (event.PayloadChunk?.Payload !== undefined) chunks.push(Buffer.from(event.PayloadChunk.Payload));
          if (event.InvokeComplete !== undefined) complete = event.InvokeComplete;
        }
        expect(chunks.length).toBeGreaterThan(1);
        const body = Buffer.concat(chunks);
        const delimiter = body.indexOf(Buffer.alloc(8));
        expect(JSON.parse(body.subarray(0, delimiter).toString())).toEqual({ statusCode: 201, headers: { 'Content-Type': 'text/event-stream', 'X-Custom': 'a' }, cookies: ['a=1; Path=/', 'b=2'] });
        expect(body.subarray(delimiter + 8).toString()).toBe('data: one\n\ndata: two\n\n');
        expect(complete).toEqual({ LogResult: '' });
      } finally {
        lambda.destroy();
      }
    });

    it('reports an error after the first chunk in InvokeComplete, from the runtime\'s trailers', async () => {
      const lambda = client();
      try {
        const response = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'semantics', Payload: JSON.stringify({ rawPath: '/throws-after-write' }) }));
        const events = [];
        for await (const event of response.EventStream ?? []) events.push(event);
        expect(Buffer.from(events[0]?.PayloadChunk?.Payload ?? []).toString()).toBe('data: one\n\n');
        const complete = events.at(-1)?.InvokeComplete;
        expect(complete?.ErrorCode).toBe('Unhandled');
        expect(JSON.parse(complete?.ErrorDetails ?? '{}')).toMatchObject({ errorType: 'TypeError', errorMessage: 'kaboom after first chunk' });
      } finally {
        lambda.destroy();
      }
    });

    it('answers Invoke with the payload, and names an unknown function', async () => {
      const lambda = client();
      try {
        const response = await lambda.send(new InvokeCommand({ FunctionName: 'semantics', Payload: JSON.stringify({ rawPath: '/object-chunk' }) }));
        expect(Buffer.from(response.Payload ?? []).toString()).toBe('{"a":1}');
        expect(response.FunctionError).toBeUndefined();
        const failed = await lambda.send(new InvokeCommand({ FunctionName: 'semantics', Payload: JSON.stringify({ rawPath: '/throws-before-write' }) }));
        expect(failed.FunctionError).toBe('Unhandled');
        expect(JSON.parse(Buffer.from(failed.Payload ?? []).toString())).toMatchObject({ errorType: 'RangeError' });
        const missing: unknown = await lambda.send(new InvokeCommand({ FunctionName: 'nope' })).catch((e: unknown) => e);
        expect((missing as Error).name).toBe('ResourceNotFoundException');
      } finally {
        lambda.destroy();
      }
    });

    it('refuses a request over Lambda\'s 6 MiB before invoking the function, on the Function URL and the Invoke API', async () => {
      const before = [classic.invocations().length, streaming.invocations().length];
      const big = 'x'.repeat(6_291_457);
      const viaUrl = await call(classic, '/classic', { body: big });
      expect([viaUrl.status, await viaUrl.json()]).toEqual([413, { Message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' }]);
      const lambda = client();
      try {
        const refused: unknown = await lambda.send(new InvokeCommand({ FunctionName: 'semantics', Payload: JSON.stringify({ big }) })).catch((e: unknown) => e);
        expect((refused as Error).name).toBe('RequestTooLargeException');
      } finally {
        lambda.destroy();
      }
      expect([classic.invocations().length, streaming.invocations().length]).toEqual(before);
    });

    it('refuses a client context that is not base64 JSON (a line break would wedge the runtime), and passes a good one on, ten times over', async () => {
      const lambda = client();
      try {
        for (let round = 0; round < 10; round++) {
          const refused: unknown = await lambda.send(new InvokeCommand({ FunctionName: 'semantics', ClientContext: btoa('\n'), Payload: JSON.stringify({ rawPath: '/object-chunk' }) })).catch((e: unknown) => e);
          expect((refused as Error).name).toBe('InvalidRequestContentException');
        }
        const pretty = btoa(JSON.stringify({ custom: { a: 1 } }, null, 2));
        const response = await lambda.send(new InvokeCommand({ FunctionName: 'semantics', ClientContext: pretty, Payload: JSON.stringify({ rawPath: '/object-chunk' }) }));
        expect(Buffer.from(response.Payload ?? []).toString()).toBe('{"a":1}');
      } finally {
        lambda.destroy();
      }
    });
  });

  it('records every invocation, all settled', async () => {
    await eventually(() => expect(streaming.invocations().every((record) => record.outcome !== 'pending')).toBe(true));
  });
});

describe('the invocation log', () => {
  it('keeps the last invocationLogCapacity invocations, the earliest gone, and each error within 8,192 characters', async () => {
    const host = await startLambdaHost({ handler: 'test/aws-local/handlers/gateway.ts#proxy', invocationLogCapacity: 3, onLog: () => undefined });
    try {
      const requestIds: string[] = [];
      for (const path of ['/items/1', '/items/2', '/throws', '/items/4', '/throws-huge']) {
        const response = await fetch(new URL(path, host.url));
        await response.arrayBuffer();
        requestIds.push(response.headers.get('x-amzn-requestid') ?? '');
      }
      const kept = host.invocations();
      expect(kept.map((record) => record.requestId)).toEqual(requestIds.slice(2));
      expect(kept.map((record) => record.status)).toEqual([502, 200, 502]);
      const huge = kept.at(-1)?.error;
      expect(huge?.errorMessage).toMatch(/^x+…\[truncated: 1,000,000 characters\]$/);
      expect(huge?.errorMessage.length).toBeLessThan(8300);
    } finally {
      await host.close();
    }
    await expect(startLambdaHost({ handler: 'test/aws-local/handlers/gateway.ts#proxy', invocationLogCapacity: 0 })).rejects.toThrow('invocationLogCapacity is how many invocations to keep: a whole number of at least 1, got 0');
  });
});

describe('a function started without a name', () => {
  it('is named after its file, or its folder for an index file', async () => {
    const named = await Promise.all(['test/aws-local/handlers/semantics.ts#classic', 'src/functions/chat-stream/index.ts#handler'].map((handler) => startFunction({ handler })));
    expect(named.map((running) => running.fn.config.functionName)).toEqual(['semantics', 'chat-stream']);
    await Promise.all(named.map((running) => running.close()));
  });
});
