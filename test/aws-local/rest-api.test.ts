import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction, type RunningFunction } from '../../src/aws-local/node/start-function.ts';
import { serveRestApi, startRestApi, type RunningRestApi } from '../../src/aws-local/node/start-rest-api.ts';
import { eventually } from '../support/emulator.ts';
import { unserializableResults } from './handlers/hostile-results.ts';

const handlers = 'test/aws-local/handlers/gateway.ts';
const lines: string[] = [];

/** Reads a response body chunk by chunk, with the time each arrived (ms after `since`). */
async function timedChunks(response: Response, since: number): Promise<{ text: string; at: number }[]> {
  const chunks: { text: string; at: number }[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body ?? []) chunks.push({ text: decoder.decode(chunk as Uint8Array), at: performance.now() - since });
  return chunks;
}

describe.each(['in-process', 'runtime'] as const)('REST API front door, %s mode', (mode) => {
  let classic: RunningFunction;
  let streaming: RunningFunction;
  let api: RunningRestApi;
  beforeAll(async () => {
    const common = { mode, timeoutSeconds: 5, onLog: (line: string) => lines.push(line) } as const;
    [classic, streaming] = await Promise.all([startFunction({ ...common, handler: `${handlers}#proxy`, functionName: 'proxy' }), startFunction({ ...common, handler: `${handlers}#streaming`, functionName: 'streaming' })]);
    api = await serveRestApi({
      stage: 'prod',
      limits: { integrationTimeoutMs: 300 },
      routes: [
        { resource: '/items/{id}', method: 'GET', fn: classic.fn },
        { resource: '/buffered/{proxy+}', method: 'ANY', fn: classic.fn },
        { resource: '/stream/{proxy+}', method: 'ANY', fn: streaming.fn, transferMode: 'STREAM', integrationTimeoutMs: 5000 },
        { resource: '/stream-short/{proxy+}', method: 'ANY', fn: streaming.fn, transferMode: 'STREAM' },
        { resource: '/stream-buffered/{proxy+}', method: 'ANY', fn: streaming.fn },
        // Hostile results, with time to answer on a loaded machine (the routes above time out at 300 ms).
        { resource: '/hostile/{proxy+}', method: 'ANY', fn: classic.fn, integrationTimeoutMs: 5000 },
      ],
    });
  }, 30_000);
  afterAll(() => Promise.all([api.close(), classic.close(), streaming.close()]));

  it('gives the function the REST proxy event (payload 1.0): resource, path, parameters, multi-value maps, request context', async () => {
    const response = await fetch(`${api.url}/items/42?tag=a&tag=b&one=1`, { headers: { 'X-Repeat': 'x', 'User-Agent': 'test-agent' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-amz-apigw-id')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    const event = (await response.json()) as Record<string, unknown> & { requestContext: Record<string, unknown> & { identity: Record<string, unknown> } };
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      queryStringParameters: { tag: 'b', one: '1' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], one: ['1'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect((event['headers'] as Record<string, string>)['X-Repeat'] ?? (event['headers'] as Record<string, string>)['x-repeat']).toBe('x');
    expect(event.requestContext).toMatchObject({ stage: 'prod', path: '/prod/items/42', resourcePath: '/items/{id}', httpMethod: 'GET', accountId: '123456789012', protocol: 'HTTP/1.1' });
    expect(event.requestContext['requestId']).toBe(response.headers.get('x-amzn-requestid'));
    expect(event.requestContext['extendedRequestId']).toBe(response.headers.get('x-amz-apigw-id'));
    expect((event['multiValueHeaders'] as Record<string, string[]>)['X-Forwarded-Proto']).toEqual(['https']);
    expect(event.requestContext.identity).toMatchObject({ sourceIp: '127.0.0.1', userAgent: 'test-agent', apiKey: null, apiKeyId: null, clientCert: null, accessKey: null });
    expect((event['headers'] as Record<string, string>)['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(String(event.requestContext['domainName'])).toMatch(/^[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  });

  it('refuses a request over API Gateway\'s 10 MB payload limit with its 413', async () => {
    const response = await fetch(`${api.url}/buffered/echo`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect([response.status, await response.text(), response.headers.get('x-amzn-errortype')]).toEqual([413, '{"message":"Request Too Long"}', 'RequestTooLargeException']);
  });

  it('takes query and header names that are also JavaScript property names as plain names', async () => {
    const response = await fetch(`${api.url}/items/42?constructor=1&__proto__=2&toString=3`, { headers: { constructor: 'c' } });
    expect(response.status).toBe(200);
    const event = (await response.json()) as { multiValueQueryStringParameters: Record<string, string[]>; headers: Record<string, string> };
    // JSON, since an object literal's __proto__ would set a prototype, not a key.
    expect(event.multiValueQueryStringParameters).toEqual(JSON.parse('{"constructor":["1"],"__proto__":["2"],"toString":["3"]}'));
    expect(event.headers['constructor']).toBe('c');
  });

  it('answers a path outside the stage, an unknown resource and a wrong method as API Gateway does (403 Missing Authentication Token)', async () => {
    for (const [path, method] of [['/items/42', 'GET'], ['/prod/nothing-here', 'GET'], ['/prod/items/42', 'POST']] as const) {
      const response = await fetch(`${api.url.replace(/\/prod$/, '')}${path}`, { method });
      expect(response.status).toBe(403);
      expect(await response.text()).toBe('{"message":"Missing Authentication Token"}');
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    }
  });

  it('maps the proxy result: status, headers merged with multiValueHeaders, cookies, base64 bodies', async () => {
    const response = await fetch(`${api.url}/buffered/headers`);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-single')).toBe('one');
    expect(response.headers.get('x-both')).toBe('m1, m2');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('ok');
    // One header whatever the case of its name in each map; JSON unless the function names a type.
    const mixed = await fetch(`${api.url}/buffered/header-case`);
    expect([mixed.headers.get('x-case'), mixed.headers.get('content-type'), await mixed.text()]).toEqual(['from-multi', 'application/json', 'no content type given']);
    const binary = await fetch(`${api.url}/buffered/binary`);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('answers 502 {"message":"Internal server error"} for a malformed result and for a function error', async () => {
    for (const path of ['malformed', 'throws', 'plain']) {
      const response = await fetch(`${api.url}/buffered/${path}`);
      expect(response.status).toBe(502);
      expect(await response.text()).toBe('{"message": "Internal server error"}');
      expect(response.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
    }
  });

  it('answers 502 for a result JSON cannot carry, failing the invocation as the runtime does, and serves on', async () => {
    for (const [path, error] of unserializableResults) {
      const response = await fetch(`${api.url}/hostile/${path}`, { signal: AbortSignal.timeout(6000) });
      expect({ path, status: response.status, body: await response.text() }).toEqual({ path, status: 502, body: '{"message": "Internal server error"}' });
      await eventually(() => expect({ path, ...classic.invocations().at(-1) }).toMatchObject({ path, via: 'rest-api', outcome: 'function-error', error }));
    }
    expect((await fetch(`${api.url}/hostile/headers`)).status).toBe(201);
  });

  it('answers 502 for a header or status no HTTP response can carry (500 for STREAM metadata), nothing injected, and the log says why', async () => {
    const cases = [
      ['hostile/header-newline', 502, 'header "X-A" has a line break (CR or LF) in its value'],
      ['hostile/header-space', 502, 'header "X Spaced" has an invalid name'],
      ['hostile/header-control', 502, 'header "X-A" has a control character in its value'],
      ['hostile/header-beyond-latin1', 502, 'header "X-A" has a character beyond U+00FF in its value'],
      ['hostile/multi-header-newline', 502, 'header "X-A" has a line break (CR or LF) in its value'],
      ['hostile/status-informational', 502, 'statusCode must be a final HTTP status code (200 to 599)'],
      ['stream/multi-header-newline', 500, 'header "X-Multi" has a line break (CR or LF) in its value'],
    ] as const;
    for (const [path, status, reason] of cases) {
      const response = await fetch(`${api.url}/${path}`, { signal: AbortSignal.timeout(6000) });
      expect({ path, status: response.status, injected: response.headers.get('x-injected'), body: await response.text() }).toEqual({ path, status, injected: null, body: '{"message": "Internal server error"}' });
      expect(response.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      const fn = path.startsWith('stream') ? streaming : classic;
      await eventually(() => expect(fn.invocations().at(-1)?.error).toMatchObject({ errorType: 'MalformedProxyResponse', errorMessage: expect.stringContaining(reason) }));
      const requestId = fn.invocations().at(-1)?.requestId ?? '';
      expect(lines).toContainEqual(expect.stringContaining(`${requestId} the function's answer was refused: ${reason}`));
    }
  });

  it('BUFFERED: answers 504 at the integration timeout while the function runs on to its end', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${api.url}/buffered/slow?ms=700`);
    const answeredAfter = performance.now() - startedAt;
    expect(response.status).toBe(504);
    expect(await response.text()).toBe('{"message": "Endpoint request timed out"}');
    expect(answeredAfter).toBeGreaterThanOrEqual(290);
    expect(answeredAfter).toBeLessThan(650);
    // The function was not stopped: it finishes later, and the log says the gateway gave up first.
    await eventually(() => {
      const record = classic.invocations().find((invocation) => invocation.status === 504);
      expect(record).toMatchObject({ via: 'rest-api', outcome: 'gateway-timeout', error: undefined });
      expect(record?.durationMs).toBeGreaterThanOrEqual(690);
    }, 3000);
  });

  it('STREAM: streams the pieces as written, past the BUFFERED routes\' timeout, with the metadata\'s status, headers and cookies', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${api.url}/stream/progress?pieces=5&gap=120`);
    expect(response.status).toBe(207);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('x-single')).toBe('one');
    expect(response.headers.get('x-multi')).toBe('m1, m2');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/']);
    const chunks = await timedChunks(response, startedAt);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('piece 0\npiece 1\npiece 2\npiece 3\npiece 4\n');
    // Progressive: the first piece arrived long before the last, and the stream outlived the buffered routes' 300 ms.
    expect((chunks.at(-1)?.at ?? 0) - (chunks[0]?.at ?? 0)).toBeGreaterThanOrEqual(350);
    expect(chunks.at(-1)?.at ?? 0).toBeGreaterThan(300);
  });

  it('STREAM: the same function behind a BUFFERED route times out with 504', async () => {
    const response = await fetch(`${api.url}/stream-buffered/progress?pieces=5&gap=120`);
    expect(response.status).toBe(504);
  });

  it('STREAM: the integration timeout bounds the whole response: late metadata is a 504, a longer stream is cut off', async () => {
    expect((await fetch(`${api.url}/stream-short/late-metadata?pieces=4&gap=100`)).status).toBe(504);
    const startedAt = performance.now();
    const response = await fetch(`${api.url}/stream-short/long?pieces=8&gap=100`);
    expect(response.status).toBe(207);
    let received = '';
    const read = (async () => {
      for await (const chunk of response.body ?? []) received += new TextDecoder().decode(chunk as Uint8Array);
    })();
    // The connection closes under the client, as AWS does (curl: "transfer closed with outstanding read data remaining").
    await expect(read).rejects.toThrow();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
    // What came before the cut came whole (how much did depends on how busy the machine is).
    expect(received).toMatch(/^piece 0\n(piece \d\n)*$/);
    expect(received).not.toContain('piece 7');
  });

  it('STREAM: an output without metadata is API Gateway\'s 500', async () => {
    const raw = await fetch(`${api.url}/stream/no-metadata`);
    expect(raw.status).toBe(500);
    expect(await raw.text()).toBe('{"message": "Internal server error"}');
  });
});

describe('rest-api for one handler', () => {
  it('serves the function on a resource below the stage, and rejects an integration timeout API Gateway would refuse', async () => {
    const api = await startRestApi({ handler: `${handlers}#proxy`, path: '/chat', method: 'POST', stage: 'dev' });
    try {
      const response = await fetch(`${api.url}/chat`, { method: 'POST', body: 'hello' });
      expect(api.url).toMatch(/\/dev$/);
      expect(((await response.json()) as { body: string }).body).toBe('hello');
    } finally {
      await api.close();
    }
    await expect(startRestApi({ handler: `${handlers}#proxy`, limits: { integrationTimeoutMs: 30_000 } })).rejects.toThrow('the integration timeout must be between 50 and 29000 ms for a BUFFERED integration');
  });
});
