import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiIdFor } from '../../core/ids.ts';
import { createFrameScanner } from '../gateway/frame-scanner.ts';
import { createWebSocketApi, webSocketLimits, type ClientConnection, type WebSocketApi, type WebSocketLimits, type WebSocketRoute } from '../gateway/websocket-api.ts';
import { listen } from '../../adapters/http/listen.ts';
import { systemClock, type Clock } from '../../core/playback/clock.ts';
import type { InvocationRecord } from '../host/invocation-log.ts';
import { makeLocalCertificate, trustInThisProcess } from './local-certificate.ts';
import type { InvocableFunction } from '../host/start-invocation.ts';
import { serveWithFunctions } from './serve-with-functions.ts';
import type { FunctionOptions } from './start-function.ts';

export type WebSocketApiListenOptions = {
  /** Default `prod`. */
  readonly stage?: string;
  /** Names the API (its id in events). Default `websocket-api`. */
  readonly name?: string;
  /** Default `$request.body.action`. */
  readonly routeSelectionExpression?: string;
  readonly limits?: Partial<WebSocketLimits>;
  readonly host?: string;
  readonly port?: number;
  /** The clock the idle and lifetime limits and the connection times run on. Default: the real one. */
  readonly clock?: Clock;
};

export type ListeningWebSocketApi = {
  /** Where clients connect, e.g. `ws://127.0.0.1:3001/prod` (`wss://localhost:3001/prod` works too). */
  readonly url: string;
  readonly port: number;
  /** The `@connections` endpoint in the clear, e.g. `http://127.0.0.1:3001/prod`. */
  readonly managementEndpoint: string;
  /** The `requestContext.domainName` events carry: `localhost:PORT`, served with TLS on the same port. */
  readonly domainName: string;
  /**
   * What a function behind this API needs in its environment to call back:
   * `AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI` (for clients made without an
   * endpoint), and to trust the local certificate `NODE_EXTRA_CA_CERTS`
   * (Node.js) and `AWS_CA_BUNDLE` (boto3).
   */
  readonly environment: Readonly<Record<string, string>>;
  /** The local certificate, to trust it in this process (a handler running in process). */
  readonly certificate: string;
  /** Routes the API to its functions; until then upgrades are refused (503). */
  attach(routes: readonly WebSocketRoute[]): WebSocketApi;
  close(): Promise<void>;
};

/**
 * Listens for an API Gateway WebSocket API before its functions start (their
 * environment needs its address): WebSocket upgrades on `/{stage}`, the
 * `@connections` management API, and the same over TLS on the same port
 * under a certificate made at start, so a handler that builds its
 * management client from the event (`https://${domainName}/${stage}`) works
 * unmodified.
 *
 * @example
 * const api = await listenWebSocketApi({ stage: 'prod' });
 * const chat = await startFunction({ handler, environment: api.environment });
 * api.attach([{ routeKey: '$default', fn: chat.fn }]);
 */
export async function listenWebSocketApi(options: WebSocketApiListenOptions = {}): Promise<ListeningWebSocketApi> {
  const stage = options.stage ?? 'prod';
  const limits: WebSocketLimits = { ...webSocketLimits, ...options.limits };
  if (!(limits.integrationTimeoutMs >= 50 && limits.integrationTimeoutMs <= 29_000)) throw new Error(`the integration timeout must be between 50 and 29000 ms (a WebSocket API's limits), got ${limits.integrationTimeoutMs}`);
  if (!(limits.maxBufferedBytes >= limits.maxMessageBytes)) throw new Error(`maxBufferedBytes must be at least maxMessageBytes (${limits.maxMessageBytes}), so that one whole message can wait for a client; got ${limits.maxBufferedBytes}`);
  const certificate = await makeLocalCertificate();
  let api: WebSocketApi | undefined;
  let management: ((request: Request) => Response | Promise<Response>) | undefined;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (api === undefined) return refuse(socket, 503);
    if (url.pathname !== `/${stage}` && url.pathname !== `/${stage}/`) return refuse(socket, 403);
    const current = api;
    void current
      .handshake({ rawHeaders: request.rawHeaders, rawQuery: url.search.slice(1), sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: request.headers['user-agent'] })
      .then((verdict) => {
        if (!verdict.accepted) return refuse(socket, verdict.status);
        if (socket.destroyed) return current.closed(verdict.connectionId, 1006, '');
        wss.handleUpgrade(request, socket, head, (ws) => {
          sockets.add(ws);
          // Frames over the limit close the connection before their message is routed.
          const scanner = createFrameScanner(limits.maxFrameBytes);
          let rejected = scanner.feed(head) === 'too-big';
          socket.prependListener('data', (chunk: Buffer) => {
            if (!rejected && scanner.feed(chunk) === 'too-big') {
              rejected = true;
              ws.close(1009, 'Message too big');
            }
          });
          ws.on('message', (data: Buffer, isBinary: boolean) => {
            if (!rejected) current.received(verdict.connectionId, data, isBinary);
          });
          ws.on('close', (code: number, reason: Buffer) => {
            sockets.delete(ws);
            // As API Gateway reports a close without a status (docs/api-gateway.md#websocket-api).
            const text = reason.toString('utf8');
            current.closed(verdict.connectionId, code, code === 1005 && text === '' ? 'Client-side close frame status not set' : text);
          });
          ws.on('error', () => undefined);
          current.opened(verdict.connectionId, clientOf(ws, limits.maxFrameBytes));
          if (rejected) ws.close(1009, 'Message too big');
        });
      });
  };

  const server = await listen((request) => (management === undefined ? Response.json({ message: 'Service Unavailable' }, { status: 503 }) : management(request)), {
    // @connections is for the functions behind the API, not for a web page that found the port.
    guard: { guards: (pathname) => /\/(@|%40)connections(\/|$)/i.test(pathname) },
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    tls: certificate,
    onUpgrade,
  }).catch((error: unknown) => {
    certificate.remove();
    throw error;
  });
  const domainName = `localhost:${server.port}`;
  const managementEndpoint = `${server.url}/${stage}`;
  return {
    url: `${server.url.replace(/^http/, 'ws')}/${stage}`,
    port: server.port,
    managementEndpoint,
    domainName,
    environment: { AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: managementEndpoint, NODE_EXTRA_CA_CERTS: certificate.certFile, AWS_CA_BUNDLE: certificate.bundleFile },
    certificate: certificate.cert,
    attach(routes) {
      api = createWebSocketApi({ routes, routeSelectionExpression: options.routeSelectionExpression ?? '$request.body.action', stage, apiId: apiIdFor(options.name ?? 'websocket-api'), domainName: () => domainName, limits, clock: options.clock ?? systemClock });
      const app = api.managementApp();
      management = (request) => app.fetch(request);
      return api;
    },
    close: async () => {
      api?.closeAll();
      // Each socket's close is what starts its $disconnect: wait for those, then for the $disconnects to
      // run before the functions may go (a second at most: $disconnect is best effort).
      const socketsClosed = [...sockets].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
      for (const ws of sockets) ws.terminate();
      const bound = new Promise((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([Promise.all(socketsClosed).then(() => api?.disconnected()), bound]);
      wss.close();
      await server.close();
      certificate.remove();
    },
  };
}

/** The client end over `ws`: messages longer than a frame go out as several frames, as API Gateway sends them. */
function clientOf(ws: WebSocket, maxFrameBytes: number): ClientConnection {
  return {
    send(bytes, binary) {
      if (ws.readyState !== ws.OPEN) return;
      if (bytes.length <= maxFrameBytes) {
        ws.send(bytes, { binary });
        return;
      }
      for (let offset = 0; offset < bytes.length; offset += maxFrameBytes) ws.send(bytes.subarray(offset, offset + maxFrameBytes), { binary, fin: offset + maxFrameBytes >= bytes.length });
    },
    // What `ws` has queued on the socket: the bytes the kernel's buffers would not take yet.
    bufferedBytes: () => ws.bufferedAmount,
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}

/** Refuses an upgrade with a bare HTTP status, as API Gateway refuses a handshake. */
function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/** A route and the handler behind it. */
export type WebSocketHandlerRoute = { readonly routeKey: string; readonly handler: string; readonly routeResponse?: boolean };

export type WebSocketApiHostOptions = Omit<FunctionOptions, 'handler'> &
  WebSocketApiListenOptions & {
    /** Each route's handler (`FILE#EXPORT`); routes naming the same handler share one function. */
    readonly routes: readonly WebSocketHandlerRoute[];
  };

export type RunningWebSocketApiHost = Omit<ListeningWebSocketApi, 'attach'> & {
  readonly api: WebSocketApi;
  /** Every invocation of every function behind the API. */
  readonly invocations: () => InvocationRecord[];
};

/**
 * Handlers behind a WebSocket API's routes: what `bedrock-emulator
 * websocket-api` runs. The functions get the API's address in their
 * environment; in process, this process's environment and trusted
 * certificates are set while the API runs (restored on close).
 *
 * @example
 * const api = await startWebSocketApi({ routes: [{ routeKey: '$default', handler: 'src/functions/chat-websocket/index.ts#handler' }] });
 * const socket = new WebSocket(api.url);
 */
export async function startWebSocketApi(options: WebSocketApiHostOptions): Promise<RunningWebSocketApiHost> {
  const listening = await listenWebSocketApi(options);
  let restoreTrust = (): void => undefined;
  try {
    if (options.mode !== 'runtime') restoreTrust = trustInThisProcess(listening.certificate);
    const running = await serveWithFunctions(async (start) => {
      const environment = { ...options.environment, ...listening.environment };
      const functions = new Map<string, InvocableFunction>();
      for (const route of options.routes) {
        if (!functions.has(route.handler)) functions.set(route.handler, (await start({ ...options, handler: route.handler, environment })).fn);
      }
      const api = listening.attach(options.routes.map((route) => ({ routeKey: route.routeKey, fn: functions.get(route.handler) as InvocableFunction, routeResponse: route.routeResponse ?? false })));
      // Closing the listener first closes the connections, whose $disconnects the functions still answer.
      return { ...listening, api };
    });
    return {
      ...running,
      close: async () => {
        await running.close();
        restoreTrust();
      },
    };
  } catch (error) {
    await listening.close();
    restoreTrust();
    throw error;
  }
}
