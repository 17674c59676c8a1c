import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebSocketApi, type RunningWebSocketApiHost } from '../../src/aws-local/node/start-websocket-api.ts';
import { credentials, eventually, region } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

const handlers = 'test/aws-local/handlers/websocket.ts';
const lines: string[] = [];

/** A client connection that keeps every message and how it closed. */
type Client = { ws: WebSocket; messages: string[]; next(): Promise<string>; closed: Promise<{ code: number; reason: string }> };

function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: string[] = [];
    let waiting: ((message: string) => void) | undefined;
    let read = 0;
    ws.on('message', (data: Buffer) => {
      messages.push(data.toString('utf8'));
      waiting?.(messages[read] ?? '');
    });
    const closed = new Promise<{ code: number; reason: string }>((settle) => ws.on('close', (code: number, reason: Buffer) => settle({ code, reason: reason.toString() })));
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: () =>
          new Promise((settle) => {
            const take = (): void => {
              waiting = undefined;
              settle(messages[read++] ?? '');
            };
            if (messages.length > read) take();
            else waiting = take;
          }),
      }),
    );
    ws.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`handshake refused: ${response.statusCode}`), { status: response.statusCode })));
    ws.once('error', reject);
  });
}

const eventFile = (dir: string, routeKey: string, connectionId?: string): Record<string, unknown> & { requestContext: Record<string, unknown> } => {
  const file = readdirSync(dir).find((name) => name.startsWith(`${routeKey}-`) && (connectionId === undefined || name === `${routeKey}-${connectionId.replace(/[^A-Za-z0-9]/g, '_')}.json`));
  if (file === undefined) throw new Error(`no ${routeKey} event yet`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown> & { requestContext: Record<string, unknown> };
};

describe.each(['in-process', 'runtime'] as const)('WebSocket API front door, %s mode', (mode) => {
  let api: RunningWebSocketApiHost;
  let eventsDir: string;
  // A cold execution environment counts toward the gateway's timeout, as on AWS: in runtime mode a
  // busy machine's cold start alone can pass 300 ms, so that mode's timeout leaves room for one.
  const integrationTimeoutMs = mode === 'runtime' ? 1500 : 300;
  let management: ApiGatewayManagementApiClient;
  beforeAll(async () => {
    eventsDir = temporaryDir();
    api = await startWebSocketApi({
      mode,
      timeoutSeconds: 5,
      onLog: (line) => lines.push(line),
      environment: { EVENTS_DIR: eventsDir },
      limits: { integrationTimeoutMs },
      routes: [
        { routeKey: '$connect', handler: `${handlers}#connect` },
        { routeKey: '$disconnect', handler: `${handlers}#disconnect` },
        { routeKey: '$default', handler: `${handlers}#message`, routeResponse: true },
        { routeKey: 'echo', handler: `${handlers}#message`, routeResponse: true },
        { routeKey: 'post', handler: `${handlers}#message` },
        { routeKey: 'post-from-environment', handler: `${handlers}#message` },
        { routeKey: 'big', handler: `${handlers}#message` },
        { routeKey: 'slow', handler: `${handlers}#message` },
        { routeKey: 'hang-up', handler: `${handlers}#message` },
        { routeKey: 'throws', handler: `${handlers}#message` },
      ],
    });
    management = new ApiGatewayManagementApiClient({ endpoint: api.managementEndpoint, region, credentials });
  }, 30_000);
  afterAll(async () => {
    management.destroy();
    await api.close();
  });

  it('runs $connect with the upgrade request\'s headers and query, and refuses the handshake with its status (502 when it throws)', async () => {
    const client = await connect(`${api.url}?token=abc&token=def`);
    await eventually(() => {
      eventFile(eventsDir, '$connect');
    });
    const event = eventFile(eventsDir, '$connect');
    expect(event).toMatchObject({ queryStringParameters: { token: 'def' }, multiValueQueryStringParameters: { token: ['abc', 'def'] }, isBase64Encoded: false });
    expect(event).not.toHaveProperty('body');
    expect(event.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', messageDirection: 'IN', stage: 'prod', domainName: `localhost:${api.port}`, identity: { sourceIp: '127.0.0.1' } });
    expect(event.requestContext['connectionId']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(event.requestContext['requestId']).toBe(event.requestContext['extendedRequestId']);
    expect((event['headers'] as Record<string, string>)['Sec-WebSocket-Version'] ?? (event['headers'] as Record<string, string>)['sec-websocket-version']).toBe('13');
    client.ws.close();
    await expect(connect(`${api.url}?deny=401`)).rejects.toMatchObject({ status: 401 });
    await expect(connect(`${api.url}?throw=1`)).rejects.toMatchObject({ status: 502 });
  });

  it('selects routes with $request.body.action, sends a two-way route\'s body back, and falls back to $default', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'echo', hello: 'world' }));
    const event = JSON.parse(await client.next()) as { requestContext: Record<string, unknown>; body: string; headers?: unknown };
    expect(event.requestContext).toMatchObject({ routeKey: 'echo', eventType: 'MESSAGE', stage: 'prod' });
    expect(event.requestContext['messageId']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(event.body).toBe('{"action":"echo","hello":"world"}');
    expect(event.headers).toBeUndefined();
    client.ws.send('not json at all');
    expect(await client.next()).toBe('default route got: not json at all');
    client.ws.send(JSON.stringify({ action: 'no-such-route' }));
    expect(await client.next()).toBe('default route got: {"action":"no-such-route"}');
    client.ws.close();
  });

  it('lets a handler post back through https://{domainName}/{stage} and the standard endpoint variable, unmodified; a one-way route sends nothing itself', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'post' }));
    expect(await client.next()).toBe('posted one');
    expect(await client.next()).toBe('posted two');
    const { info } = JSON.parse(await client.next()) as { info: { ConnectedAt: string; Identity: { SourceIp: string }; LastActiveAt: string } };
    expect(info.Identity.SourceIp).toBe('127.0.0.1');
    expect(new Date(info.ConnectedAt).getTime()).toBeLessThanOrEqual(Date.now());
    client.ws.send(JSON.stringify({ action: 'post-from-environment' }));
    expect(await client.next()).toBe('via the environment');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.messages).not.toContain('not sent: this route has no route response');
    client.ws.close();
  });

  it('serves @connections to the AWS SDK: send, info, close, then GoneException', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'echo' }));
    const connectionId = (JSON.parse(await client.next()) as { requestContext: { connectionId: string } }).requestContext.connectionId;
    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'from the test' }));
    expect(await client.next()).toBe('from the test');
    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await client.closed).code).toBe(1000);
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'too late' }))).rejects.toBeInstanceOf(GoneException);
    await eventually(() => expect(eventFile(eventsDir, '$disconnect', connectionId).requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: 1000 }));
  });

  it('answers a @connections path with broken percent-encoding with a 400, not a crash', async () => {
    const response = await fetch(`${api.managementEndpoint}/@connections/%zz`, { method: 'POST', body: 'x' });
    expect([response.status, response.headers.get('x-amzn-errortype')]).toEqual([400, 'BadRequestException']);
    expect((await fetch(`${api.managementEndpoint}/@connections/unknown`, { method: 'GET' })).status).toBe(410);
  });

  it('tells the client when the integration times out, and the function goes on and can still post', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'slow', ms: integrationTimeoutMs + 400 }));
    const timedOut = await client.next();
    expect(timedOut).toMatch(/^\{"message": "Endpoint request timed out", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/);
    expect(await client.next()).toBe('still here after the timeout');
    client.ws.close();
  });

  it('sends API Gateway\'s error frame for a function error', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'throws' }));
    expect(await client.next()).toMatch(/^\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/);
    client.ws.close();
  });

  it('splits a 100 KB post into frames the client joins, and closes with 1009 past 128 KB messages or 32 KB frames', async () => {
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'big', size: 100_000 }));
    expect(await client.next()).toBe('x'.repeat(100_000));
    // A 100 KB message in four frames of 25 KB is fine.
    const fragments = ['{"action":"fragmented","pad":"', 'y'.repeat(100_000), '"}'];
    const payload = fragments.join('');
    for (let offset = 0; offset < payload.length; offset += 25_000) client.ws.send(payload.slice(offset, offset + 25_000), { fin: offset + 25_000 >= payload.length });
    expect((await client.next()).length).toBe('default route got: '.length + payload.length);
    client.ws.close();
    const oneBigFrame = await connect(api.url);
    oneBigFrame.ws.send('z'.repeat(40_000));
    expect((await oneBigFrame.closed).code).toBe(1009);
    const tooLong = await connect(api.url);
    for (let offset = 0; offset < 140_000; offset += 20_000) tooLong.ws.send('w'.repeat(20_000), { fin: offset + 20_000 >= 140_000 });
    expect((await tooLong.closed).code).toBe(1009);
  });

  it('closes a connection that sends a binary message (1003), and one that a handler hangs up on', async () => {
    const binary = await connect(api.url);
    binary.ws.send(new Uint8Array([1, 2, 3]));
    expect((await binary.closed).code).toBe(1003);
    const client = await connect(api.url);
    client.ws.send(JSON.stringify({ action: 'hang-up' }));
    expect((await client.closed).code).toBe(1000);
  });
});

describe('WebSocket API limits and routes', () => {
  it('answers Forbidden when no route matches and there is no $default, and closes an idle connection with 1001 Going away', async () => {
    const eventsDir = temporaryDir();
    const api = await startWebSocketApi({
      environment: { EVENTS_DIR: eventsDir },
      limits: { idleTimeoutMs: 400 },
      routes: [
        { routeKey: 'echo', handler: `${handlers}#message`, routeResponse: true },
        { routeKey: '$disconnect', handler: `${handlers}#disconnect` },
      ],
    });
    try {
      const client = await connect(api.url);
      client.ws.send(JSON.stringify({ action: 'nothing' }));
      expect(await client.next()).toMatch(/^\{"message": "Forbidden", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/);
      const startedAt = performance.now();
      expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
      await eventually(() => expect(eventFile(eventsDir, '$disconnect').requestContext).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' }));
    } finally {
      await api.close();
    }
    expect(existsSync(api.environment['NODE_EXTRA_CA_CERTS'] ?? '')).toBe(false);
  });
});
