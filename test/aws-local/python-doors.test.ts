import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveHttpApi } from '../../src/aws-local/node/start-http-api.ts';
import { serveFunctionUrl } from '../../src/aws-local/node/start-lambda-host.ts';
import { startFunction, type FunctionOptions, type RunningFunction } from '../../src/aws-local/node/start-function.ts';
import { serveRestApi } from '../../src/aws-local/node/start-rest-api.ts';
import { startWebSocketApi, type RunningWebSocketApiHost } from '../../src/aws-local/node/start-websocket-api.ts';
import { credentials, eventually, region, useEmulator } from '../support/emulator.ts';

/**
 * Python handlers written for AWS behind every front door: a Function URL
 * (BUFFERED and RESPONSE_STREAM), the Invoke APIs, REST, HTTP API and
 * WebSocket routes; boto3 from a venv made from the function's
 * requirements.txt (the machine's own index) calling the Bedrock emulator
 * and @connections; and the teaching handler, whose generator body gets
 * AWS's answer (docs/runtimes.md#streaming-from-python).
 */
const plain = 'test/aws-local/handlers/python';
const withBoto3 = 'test/aws-local/handlers/python-boto3';
const lines: string[] = [];
const closers: (() => Promise<void>)[] = [];
const client = (endpoint: string) => new LambdaClient({ endpoint, region, credentials, maxAttempts: 1 });

const emulator = await useEmulator([{ match: { lastUserMessage: 'Say hello from Python' }, response: { text: 'Hello from the emulator, through boto3.' } }]);

async function start(options: Partial<FunctionOptions> & { handler: string }): Promise<RunningFunction> {
  const running = await startFunction({ codeDir: plain, runtime: 'python3.11', timeoutSeconds: 20, onLog: (line) => lines.push(line), environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url }, ...options });
  closers.push(() => running.close());
  return running;
}

async function served<T extends { close(): Promise<void> }>(serving: Promise<T>): Promise<T> {
  const server = await serving;
  closers.unshift(() => server.close());
  return server;
}

afterAll(async () => {
  for (const close of closers) await close();
});

describe('a Python handler behind each front door', () => {
  let echo: RunningFunction;
  beforeAll(async () => {
    echo = await start({ handler: 'app.echo_http', functionName: 'py-echo' });
  }, 60_000);

  it('a BUFFERED Function URL: the payload 2.0 event in, the result mapped to status, headers, cookies and body', async () => {
    const url = await served(serveFunctionUrl(echo, { invokeMode: 'BUFFERED', port: 0 }));
    const response = await fetch(new URL('/orders/7?x=1', url.url), { method: 'POST', body: 'hi', headers: { Cookie: 'a=1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-runtime')).toBe('python');
    expect(response.headers.getSetCookie()).toEqual(['flavour=python']);
    const { event, function: name } = (await response.json()) as { event: Record<string, unknown>; function: string };
    expect(name).toBe('py-echo');
    expect(event).toMatchObject({ version: '2.0', rawPath: '/orders/7', rawQueryString: 'x=1', cookies: ['a=1'], body: 'hi', requestContext: { http: { method: 'POST', path: '/orders/7' } } });
  });

  it('the Invoke API (AWS SDK): the result as the payload', async () => {
    const url = await served(serveFunctionUrl(echo, { invokeMode: 'BUFFERED', port: 0 }));
    const lambda = client(url.url);
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'py-echo', Payload: JSON.stringify({ direct: true }) }));
    lambda.destroy();
    expect(output.FunctionError).toBeUndefined();
    const result = JSON.parse(new TextDecoder().decode(output.Payload)) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ event: { direct: true }, function: 'py-echo' });
  });

  it('InvokeWithResponseStream (AWS SDK): the buffered result as one chunk, then a complete event without error', async () => {
    const url = await served(serveFunctionUrl(echo, { invokeMode: 'RESPONSE_STREAM', port: 0 }));
    const lambda = client(url.url);
    const output = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'py-echo', Payload: JSON.stringify({ streamed: 'no' }) }));
    let payload = '';
    const completes: unknown[] = [];
    for await (const event of output.EventStream ?? []) {
      if (event.PayloadChunk?.Payload !== undefined) payload += new TextDecoder().decode(event.PayloadChunk.Payload);
      if (event.InvokeComplete !== undefined) completes.push(event.InvokeComplete);
    }
    lambda.destroy();
    expect(JSON.parse((JSON.parse(payload) as { body: string }).body)).toEqual({ event: { streamed: 'no' }, function: 'py-echo' });
    expect(completes).toEqual([expect.not.objectContaining({ ErrorCode: expect.anything() })]);
  });

  it('a REST API (Lambda proxy): the payload 1.0 event in, the proxy result out', async () => {
    const api = await served(serveRestApi({ stage: 'prod', port: 0, routes: [{ resource: '/items/{id}', method: 'GET', fn: echo.fn }] }));
    const response = await fetch(`${api.url}/items/42?tag=a`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-runtime')).toBe('python');
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    expect(event).toMatchObject({ resource: '/items/{id}', path: '/items/42', httpMethod: 'GET', pathParameters: { id: '42' }, queryStringParameters: { tag: 'a' } });
  });

  it('an HTTP API: the payload 2.0 event with its route key in, cookies out', async () => {
    const api = await served(serveHttpApi({ port: 0, routes: [{ routeKey: 'GET /hello/{name}', fn: echo.fn }] }));
    const response = await fetch(`${api.url}/hello/ada`);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['flavour=python']);
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    expect(event).toMatchObject({ version: '2.0', routeKey: 'GET /hello/{name}', pathParameters: { name: 'ada' } });
  });
});

describe('Python WebSocket routes', () => {
  let api: RunningWebSocketApiHost;
  beforeAll(async () => {
    api = await served(
      startWebSocketApi({
        port: 0,
        runtime: 'python3.11',
        codeDir: withBoto3,
        onLog: (line) => lines.push(line),
        routes: [
          { routeKey: '$connect', handler: 'converse.websocket' },
          { routeKey: '$default', handler: 'converse.websocket', routeResponse: true },
          { routeKey: 'post', handler: 'converse.websocket' },
        ],
      }),
    );
  }, 180_000);

  it("answer through the route response, and call back on @connections with boto3 over the gateway's TLS", async () => {
    const ws = new WebSocket(api.url);
    const messages: string[] = [];
    ws.on('message', (data: Buffer) => messages.push(data.toString('utf8')));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send('hello');
    await eventually(() => expect(messages).toContain('python heard hello on $default'), 10_000);
    ws.send(JSON.stringify({ action: 'post', text: 'via boto3' }));
    await eventually(() => expect(messages).toContain('posted by boto3: {"action":"post","text":"via boto3"}'), 10_000);
    ws.close();
  });
});

describe('boto3 in a function, from its requirements.txt', () => {
  let converse: RunningFunction;
  let teaching: RunningFunction;
  beforeAll(async () => {
    // The first run installs boto3 from the machine's index into a venv under node_modules/.cache; later runs reuse it.
    converse = await start({ handler: 'converse.lambda_handler', codeDir: withBoto3, functionName: 'py-converse' });
    teaching = await start({ handler: 'teaching.lambda_handler', codeDir: withBoto3, functionName: 'py-teaching' });
  }, 180_000);

  it('calls the Bedrock emulator and answers behind an HTTP API', async () => {
    const api = await served(serveHttpApi({ port: 0, routes: [{ routeKey: 'POST /chat', fn: converse.fn }] }));
    const response = await fetch(`${api.url}/chat`, { method: 'POST', body: JSON.stringify({ prompt: 'Say hello from Python' }) });
    expect([response.status, await response.text()]).toEqual([200, 'Hello from the emulator, through boto3.']);
    expect(converse.notes).toContainEqual(expect.stringMatching(/python-boto3\/requirements\.txt: installed in /));
  });

  it("gets AWS's answer for the teaching handler: Runtime.MarshalError, Bedrock never called, and one line saying why and what streams", async () => {
    const callsBefore = emulator.emulator.calls().length;
    const url = await served(serveFunctionUrl(teaching, { invokeMode: 'BUFFERED', port: 0 }));
    const viaUrl = await fetch(url.url, { method: 'POST', body: JSON.stringify({ prompt: 'Tell me a story' }) });
    expect([viaUrl.status, await viaUrl.json()]).toEqual([502, { Message: 'Internal Server Error' }]);
    const streamingUrl = await served(serveFunctionUrl(teaching, { invokeMode: 'RESPONSE_STREAM', port: 0 }));
    expect((await fetch(streamingUrl.url, { method: 'POST', body: '{}' })).status).toBe(502);

    const lambda = client(url.url);
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'py-teaching', Payload: JSON.stringify({ body: '{"prompt": "Tell me a story"}' }) }));
    lambda.destroy();
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(new TextDecoder().decode(output.Payload)).toBe(
      `{"errorMessage": "Unable to marshal response: Object of type generator is not JSON serializable", "errorType": "Runtime.MarshalError", "requestId": "${output.$metadata.requestId ?? ''}", "stackTrace": []}`,
    );
    expect(emulator.emulator.calls().length).toBe(callsBefore);
    const why = lines.filter((line) => line.includes('managed Python cannot stream'));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/custom runtime \(provided\.al2023.*Lambda Web Adapter.*docs\/runtimes\.md#streaming-from-python$/);
  });
});
