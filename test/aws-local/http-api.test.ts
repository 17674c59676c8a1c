import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction, type RunningFunction } from '../../src/aws-local/node/start-function.ts';
import { serveHttpApi, startHttpApi, type RunningHttpApi } from '../../src/aws-local/node/start-http-api.ts';
import { eventually } from '../support/emulator.ts';
import { unserializableResults } from './handlers/hostile-results.ts';

const handlers = 'test/aws-local/handlers/gateway.ts';
const lines: string[] = [];

describe.each(['in-process', 'runtime'] as const)('HTTP API front door, %s mode', (mode) => {
  let classic: RunningFunction;
  let streaming: RunningFunction;
  let api: RunningHttpApi;
  beforeAll(async () => {
    const common = { mode, timeoutSeconds: 5, onLog: (line: string) => lines.push(line) } as const;
    [classic, streaming] = await Promise.all([startFunction({ ...common, handler: `${handlers}#proxy`, functionName: 'proxy' }), startFunction({ ...common, handler: `${handlers}#streaming`, functionName: 'streaming' })]);
    api = await serveHttpApi({
      limits: { integrationTimeoutMs: 300 },
      routes: [
        { routeKey: 'GET /items/{id}', fn: classic.fn },
        { routeKey: 'POST /stream/{proxy+}', fn: streaming.fn },
        { routeKey: '$default', fn: classic.fn },
      ],
    });
  }, 30_000);
  /** The same function behind the default integration timeout: time to answer on a loaded machine. */
  let patient: RunningHttpApi;
  beforeAll(async () => {
    patient = await serveHttpApi({ routes: [{ routeKey: '$default', fn: classic.fn }] });
  });
  afterAll(() => Promise.all([api.close(), patient.close(), classic.close(), streaming.close()]));

  it('gives the function the payload 2.0 event with its route key, path parameters and the $default stage', async () => {
    const response = await fetch(`${api.url}/items/7?a=1&a=2`, { headers: { Cookie: 'c1=v1; c2=v2', 'X-Repeat': 'x' } });
    expect(response.status).toBe(200);
    const event = (await response.json()) as Record<string, unknown> & { requestContext: Record<string, unknown> };
    expect(event).toMatchObject({ version: '2.0', routeKey: 'GET /items/{id}', rawPath: '/items/7', rawQueryString: 'a=1&a=2', cookies: ['c1=v1', 'c2=v2'], queryStringParameters: { a: '1,2' }, pathParameters: { id: '7' }, isBase64Encoded: false });
    expect((event['headers'] as Record<string, string>)['x-repeat']).toBe('x');
    expect(event.requestContext).toMatchObject({ routeKey: 'GET /items/{id}', stage: '$default', http: { method: 'GET', path: '/items/7', sourceIp: '127.0.0.1' } });
    expect(event.requestContext['requestId']).toBe(response.headers.get('apigw-requestid'));
    expect((event['headers'] as Record<string, string>)['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(response.headers.get('x-amzn-requestid')).toBeNull();
    expect(event).not.toHaveProperty('stageVariables');
    expect(String(event.requestContext['domainName'])).toMatch(/^[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  });

  it('sends what no route matches to $default, and infers a result without statusCode as 200 JSON', async () => {
    const echoed = (await (await fetch(`${api.url}/anything/else`, { method: 'PUT', body: 'hi' })).json()) as { routeKey: string; body: string };
    expect(echoed.routeKey).toBe('$default');
    expect(echoed).not.toHaveProperty('pathParameters');
    expect(echoed.body).toBe('hi');
    const plain = await fetch(`${api.url}/plain`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.text()).toBe('just a string');
  });

  it('refuses a request over the 10 MB payload limit with a 413', async () => {
    const response = await fetch(`${api.url}/anything`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect([response.status, await response.text()]).toEqual([413, '{"message":"Request Entity Too Large"}']);
  });

  it('answers 500 {"message":"Internal Server Error"} for a function error', async () => {
    const response = await fetch(`${api.url}/throws`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('answers 500 for a result JSON cannot carry, failing the invocation as the runtime does, and serves on', async () => {
    for (const [path, error] of unserializableResults) {
      const response = await fetch(`${patient.url}/${path}`, { signal: AbortSignal.timeout(6000) });
      expect({ path, status: response.status, body: await response.text() }).toEqual({ path, status: 500, body: '{"message":"Internal Server Error"}' });
      await eventually(() => expect({ path, ...classic.invocations().at(-1) }).toMatchObject({ path, via: 'http-api', outcome: 'function-error', error }));
    }
    expect((await fetch(`${patient.url}/plain`)).status).toBe(200);
  });

  it('answers 500 for a header, cookie or status no HTTP response can carry, nothing injected, and the log says why', async () => {
    const cases = [
      ['header-newline', 'header "X-A" has a line break (CR or LF) in its value'],
      ['header-space', 'header "X Spaced" has an invalid name'],
      ['header-control', 'header "X-A" has a control character in its value'],
      ['header-beyond-latin1', 'header "X-A" has a character beyond U+00FF in its value'],
      ['cookie-newline', 'a cookie has a line break (CR or LF) in it'],
      ['status-informational', 'statusCode must be a final HTTP status code (200 to 599)'],
    ] as const;
    for (const [path, reason] of cases) {
      const response = await fetch(`${patient.url}/${path}`, { signal: AbortSignal.timeout(6000) });
      expect({ path, status: response.status, injected: response.headers.get('x-injected'), body: await response.text() }).toEqual({ path, status: 500, injected: null, body: '{"message":"Internal Server Error"}' });
      await eventually(() => expect(classic.invocations().at(-1)?.error).toMatchObject({ errorType: 'MalformedResult', errorMessage: expect.stringContaining(reason) }));
      const requestId = classic.invocations().at(-1)?.requestId ?? '';
      expect(lines).toContainEqual(expect.stringContaining(`${requestId} the function's answer was refused: ${reason}`));
    }
  });

  it('cannot stream: a streaming function is collected whole, so it times out (503) where a REST STREAM route would deliver', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${api.url}/stream/progress?pieces=5&gap=120`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('{"message":"Service Unavailable"}');
    expect(performance.now() - startedAt).toBeLessThan(550);
    await eventually(() => expect(streaming.invocations().at(-1)).toMatchObject({ via: 'http-api', status: 503, outcome: 'gateway-timeout' }), 3000);
  });

  it('answers 404 {"message":"Not Found"} when no route and no $default match', async () => {
    const bare = await serveHttpApi({ routes: [{ routeKey: 'GET /only', fn: classic.fn }] });
    try {
      const response = await fetch(`${bare.url}/other`);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('{"message":"Not Found"}');
    } finally {
      await bare.close();
    }
  });
});

describe('http-api for one handler', () => {
  it('refuses an integration timeout above 30 s', async () => {
    await expect(startHttpApi({ handler: `${handlers}#proxy`, limits: { integrationTimeoutMs: 31_000 } })).rejects.toThrow('the integration timeout must be between 50 and 30000 ms');
  });
});
