import { ApiGatewayManagementApiClient, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createManualClock } from '../../src/core/playback/manual-clock.ts';
import { startHttpApi } from '../../src/aws-local/node/start-http-api.ts';
import { startLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { startRestApi } from '../../src/aws-local/node/start-rest-api.ts';
import { startWebSocketApi } from '../../src/aws-local/node/start-websocket-api.ts';
import { credentials, region } from '../support/emulator.ts';

/**
 * The times an event carries (`timeEpoch`, `requestTimeEpoch`, `time`,
 * `connectedAt`, the trace id's) are read on the clock the functions run on:
 * a manual clock set to 12 March 2020 gives that date, and moving it moves
 * them, whatever the real time is.
 */
const wallStart = Date.UTC(2020, 2, 12, 19, 3, 58);
const onLog = (): void => undefined;
const closing: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closing.map((close) => close())));

type Event = { headers: Record<string, string>; requestContext: Record<string, unknown> };

describe('an injected clock', () => {
  it('times a Function URL event, its trace id included, and moves it as the clock moves', async () => {
    const clock = createManualClock(0, wallStart);
    const host = await startLambdaHost({ handler: 'test/aws-local/handlers/semantics.ts#streaming', functionName: 'clocked', clock, onLog });
    closing.push(() => host.close());
    const first = (await (await fetch(new URL('/echo-event', host.url), { method: 'POST' })).json()) as Event;
    expect(first.requestContext).toMatchObject({ timeEpoch: wallStart, time: '12/Mar/2020:19:03:58 +0000' });
    expect(first.headers['x-amzn-trace-id']).toMatch(new RegExp(`^Root=1-${(wallStart / 1000).toString(16)}-`));
    await clock.advance(1500);
    const later = (await (await fetch(new URL('/echo-event', host.url), { method: 'POST' })).json()) as Event;
    expect(later.requestContext).toMatchObject({ timeEpoch: wallStart + 1500, time: '12/Mar/2020:19:03:59 +0000' });
  });

  it('gives a runtime-mode function its time left on its own clock, while its event follows the injected one', async () => {
    const clock = createManualClock(0, wallStart);
    const host = await startLambdaHost({ handler: 'test/aws-local/handlers/semantics.ts#streaming', functionName: 'clocked-runtime', mode: 'runtime', timeoutSeconds: 30, clock, onLog });
    closing.push(() => host.close());
    const event = (await (await fetch(new URL('/echo-event', host.url), { method: 'POST' })).json()) as Event;
    expect(event.requestContext['timeEpoch']).toBe(wallStart);
    // The runtime client counts the deadline on the real clock: the 30 s carry over, not a deadline in 2020.
    const context = (await (await fetch(new URL('/context', host.url), { method: 'POST' })).json()) as { remaining: number };
    expect(context.remaining).toBeGreaterThan(20_000);
    expect(context.remaining).toBeLessThanOrEqual(30_000);
  }, 30_000);

  it('times a REST API event (payload 1.0)', async () => {
    const clock = createManualClock(0, wallStart);
    const api = await startRestApi({ handler: 'test/aws-local/handlers/gateway.ts#proxy', clock, onLog, port: 0 });
    closing.push(() => api.close());
    const event = (await (await fetch(`${api.url}/items/1`)).json()) as Event;
    expect(event.requestContext).toMatchObject({ requestTimeEpoch: wallStart, requestTime: '12/Mar/2020:19:03:58 +0000' });
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(new RegExp(`^Root=1-${(wallStart / 1000).toString(16)}-`));
  });

  it('times an HTTP API event (payload 2.0)', async () => {
    const clock = createManualClock(0, wallStart);
    const api = await startHttpApi({ handler: 'test/aws-local/handlers/gateway.ts#proxy', clock, onLog, port: 0 });
    closing.push(() => api.close());
    await clock.advance(250);
    const event = (await (await fetch(`${api.url}/items/1`)).json()) as Event;
    expect(event.requestContext).toMatchObject({ timeEpoch: wallStart + 250, time: '12/Mar/2020:19:03:58 +0000' });
  });

  it('times a WebSocket API connection and its messages, and @connections says the same', async () => {
    const clock = createManualClock(0, wallStart);
    const api = await startWebSocketApi({ routes: [{ routeKey: '$default', handler: 'test/aws-local/handlers/websocket.ts#message', routeResponse: true }], clock, onLog, port: 0 });
    closing.push(() => api.close());
    const ws = new WebSocket(api.url);
    const messages: string[] = [];
    const arrived = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (messages.length < count) return;
          ws.off('message', check);
          resolve();
        };
        ws.on('message', check);
        check();
      });
    ws.on('message', (data: Buffer) => messages.push(data.toString('utf8')));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ action: 'echo' }));
    await arrived(1);
    const first = JSON.parse(messages[0] ?? '') as Event;
    expect(first.requestContext).toMatchObject({ connectedAt: wallStart, requestTimeEpoch: wallStart, requestTime: '12/Mar/2020:19:03:58 +0000' });
    await clock.advance(2000);
    ws.send(JSON.stringify({ action: 'echo' }));
    await arrived(2);
    const second = JSON.parse(messages[1] ?? '') as Event;
    expect(second.requestContext).toMatchObject({ connectedAt: wallStart, requestTimeEpoch: wallStart + 2000, requestTime: '12/Mar/2020:19:04:00 +0000' });
    const management = new ApiGatewayManagementApiClient({ endpoint: api.managementEndpoint, region, credentials });
    const connection = await management.send(new GetConnectionCommand({ ConnectionId: String(first.requestContext['connectionId']) }));
    management.destroy();
    expect(connection.ConnectedAt?.getTime()).toBe(wallStart);
    expect(connection.LastActiveAt?.getTime()).toBe(wallStart + 2000);
  });
});
