import { Hono } from 'hono';
import { resultFault, type InvocationOutput, type LambdaError } from '../host/invocation.ts';
import { collect } from '../host/limit-stream.ts';
import { readBodyWithin } from '../host/read-body.ts';
import { startInvocation, type InvocableFunction, type StartedInvocation } from '../host/start-invocation.ts';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import { shortId } from '../../core/ids.ts';
import { timeoutAfter } from './timeout-after.ts';
import { compileRouteSelection } from './route-selection.ts';
import { connectEvent, disconnectEvent, errorFrame, messageEvent, type ApiFacts, type ConnectionFacts } from './websocket-events.ts';

/** The client end of one WebSocket connection, as the adapter gives it. */
export type ClientConnection = {
  /** Sends one message, as a text or a binary message (the adapter splits it into frames of at most `maxFrameBytes`). */
  send(bytes: Uint8Array, binary: boolean): void;
  /** Bytes sent but not yet taken by the network: what piles up while the client is not reading. */
  bufferedBytes(): number;
  close(code: number, reason: string): void;
};

export type WebSocketRoute = {
  /** `$connect`, `$disconnect`, `$default`, or a custom key such as `chat`. */
  readonly routeKey: string;
  readonly fn: InvocableFunction;
  /** Two-way: the function result's `body` goes back to the client (a route response `$default`). */
  readonly routeResponse?: boolean;
};

/** A WebSocket API's limits (docs/protocol/lambda-streaming.md#api-gateway-websocket, docs/api-gateway.md#websocket-api), all configurable. */
export type WebSocketLimits = {
  /** 50–29,000 ms: past it the client is told, and the function runs on. */
  readonly integrationTimeoutMs: number;
  /** 128 KB: a larger message closes the connection (1009); a larger @connections post is refused (413). */
  readonly maxMessageBytes: number;
  /** 32 KB: a larger frame from the client closes the connection (1009); messages to the client are split. */
  readonly maxFrameBytes: number;
  /** 10 minutes without a message either way closes the connection (1001). */
  readonly idleTimeoutMs: number;
  /** 2 hours: the longest a connection lives (1001). */
  readonly maxConnectionMs: number;
  /**
   * 1 MiB: the most bytes that may wait for a client that is not reading
   * (at least `maxMessageBytes`). A `@connections` post that would pass it
   * is refused with 429 `LimitExceededException`; a route response or error
   * frame is dropped.
   */
  readonly maxBufferedBytes: number;
};

export const webSocketLimits: WebSocketLimits = {
  integrationTimeoutMs: 29_000,
  maxMessageBytes: 128 * 1024,
  maxFrameBytes: 32 * 1024,
  idleTimeoutMs: 10 * 60_000,
  maxConnectionMs: 2 * 60 * 60_000,
  maxBufferedBytes: 1024 * 1024,
};

export type WebSocketApiOptions = {
  readonly routes: readonly WebSocketRoute[];
  /** Default `$request.body.action`. */
  readonly routeSelectionExpression?: string;
  readonly stage: string;
  readonly apiId: string;
  /** The domain the functions call back on (`https://{domainName}/{stage}`), known once the port is. */
  readonly domainName: () => string;
  readonly limits: WebSocketLimits;
  readonly clock: Clock;
};

/** What the upgrade request said, for `$connect`. */
export type Handshake = { readonly rawHeaders: readonly string[]; readonly rawQuery: string; readonly sourceIp: string; readonly userAgent: string | undefined };

/** `$connect`'s verdict: go on with the upgrade, or refuse it with a status. */
export type HandshakeVerdict = { readonly accepted: true; readonly connectionId: string } | { readonly accepted: false; readonly status: number; readonly connectionId: string };

type Connection = {
  readonly facts: ConnectionFacts;
  client: ClientConnection | undefined;
  lastActiveAt: number;
  readonly stop: AbortController;
};

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const textEncoder = new TextEncoder();

/**
 * The logic of an API Gateway WebSocket API, apart from any socket: the
 * `$connect` verdict, route selection and each route's Lambda invocation
 * (with route responses, the error frames, the integration timeout), the
 * limits, `$disconnect`, and the `@connections` management API as a
 * web-standard app. The Node adapter feeds it connections and messages.
 *
 * @example
 * const api = createWebSocketApi({ routes, stage: 'prod', apiId, domainName: () => 'localhost:3001', limits: webSocketLimits, clock: systemClock });
 * const verdict = await api.handshake({ rawHeaders, rawQuery, sourceIp, userAgent });
 */
export function createWebSocketApi(options: WebSocketApiOptions) {
  const { limits, clock, stage } = options;
  const select = compileRouteSelection(options.routeSelectionExpression ?? '$request.body.action');
  const routes = new Map(options.routes.map((route) => [route.routeKey, route]));
  /** `$disconnect` invocations under way. */
  const disconnects = new Set<Promise<void>>();
  const connections = new Map<string, Connection>();
  const apiFacts = (): ApiFacts => ({ apiId: options.apiId, stage, domainName: options.domainName() });

  /** Keeps a connection within its idle and lifetime limits. */
  const watch = (connection: Connection): void => {
    const closeWith = (): void => connection.client?.close(1001, 'Going away');
    clock.sleep(limits.maxConnectionMs, connection.stop.signal).then(closeWith, () => undefined);
    const checkIdle = (): void => {
      const wait = connection.lastActiveAt + limits.idleTimeoutMs - clock.now();
      if (wait <= 0) closeWith();
      else clock.sleep(wait, connection.stop.signal).then(checkIdle, () => undefined);
    };
    checkIdle();
  };

  /** Invokes a route's function and waits for its result, at most the integration timeout. */
  const integrate = async (route: WebSocketRoute, event: (now: Date) => unknown): Promise<{ invocation: StartedInvocation; result: RouteResult | 'timeout' }> => {
    const invocation = startInvocation(route.fn, 'websocket', (_invocationId, now) => event(now));
    const waiting = new AbortController();
    const resulting = routeResult(invocation);
    const result = await Promise.race([resulting, timeoutAfter(clock, limits.integrationTimeoutMs, waiting.signal)]);
    waiting.abort();
    if (result === 'timeout') void resulting.then((late) => invocation.settle(504, late.kind === 'failed' ? late.error : undefined, invocation.endedBy() ?? 'gateway-timeout'));
    return { invocation, result };
  };

  /**
   * Sends a message unless the client has too much waiting already (it is not
   * reading): then nothing is sent, and false says so. So what one connection
   * holds stays within `maxBufferedBytes`, however much is posted to it.
   */
  const send = (connection: Connection, bytes: Uint8Array, binary: boolean): boolean => {
    const client = connection.client;
    if (client === undefined || client.bufferedBytes() + bytes.length > limits.maxBufferedBytes) return false;
    connection.lastActiveAt = clock.now();
    client.send(bytes, binary);
    return true;
  };
  const sendText = (connection: Connection, text: string): boolean => send(connection, textEncoder.encode(text), false);

  return {
    /**
     * Runs `$connect` (if the API has it) for an upgrade request: a 2xx
     * result (or none) accepts it, another status refuses the handshake
     * with that status, a function error with 502.
     */
    async handshake(request: Handshake): Promise<HandshakeVerdict> {
      const connectionId = shortId();
      const facts: ConnectionFacts = { connectionId, connectedAt: epochMsOf(clock), sourceIp: request.sourceIp, userAgent: request.userAgent, rawHeaders: request.rawHeaders, rawQuery: request.rawQuery };
      const route = routes.get('$connect');
      if (route === undefined) {
        connections.set(connectionId, { facts, client: undefined, lastActiveAt: clock.now(), stop: new AbortController() });
        return { accepted: true, connectionId };
      }
      const requestId = shortId();
      const { invocation, result } = await integrate(route, (now) => connectEvent(facts, apiFacts(), { requestId, now }));
      // A $connect that times out refuses the handshake (its status: UNCONFIRMED, 504 here).
      const status = result === 'timeout' ? 504 : result.kind === 'failed' ? 502 : (result.statusCode ?? 200);
      if (result !== 'timeout') invocation.settle(status, result.kind === 'failed' ? result.error : undefined);
      if (status < 200 || status > 299) return { accepted: false, status, connectionId };
      connections.set(connectionId, { facts, client: undefined, lastActiveAt: clock.now(), stop: new AbortController() });
      return { accepted: true, connectionId };
    },

    /** The upgrade completed: messages can flow both ways. */
    opened(connectionId: string, client: ClientConnection): void {
      const connection = connections.get(connectionId);
      if (connection === undefined) {
        client.close(1011, 'Internal server error');
        return;
      }
      connection.client = client;
      connection.lastActiveAt = clock.now();
      watch(connection);
    },

    /** A message from the client: routed, its function invoked, the answer (if two-way) sent back. */
    received(connectionId: string, data: Uint8Array | string, isBinary: boolean): void {
      const connection = connections.get(connectionId);
      if (connection?.client === undefined) return;
      connection.lastActiveAt = clock.now();
      const size = typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;
      if (size > limits.maxMessageBytes) {
        connection.client.close(1009, 'Message too big');
        return;
      }
      if (isBinary) {
        connection.client.close(1003, 'Binary media types are not supported');
        return;
      }
      const body = typeof data === 'string' ? data : new TextDecoder().decode(data);
      const requestId = shortId();
      const selected = select(body);
      const route = (selected === undefined ? undefined : routes.get(selected)) ?? routes.get('$default');
      if (route === undefined || route.routeKey === '$connect' || route.routeKey === '$disconnect') {
        sendText(connection, errorFrame('Forbidden', connectionId, requestId));
        return;
      }
      const messageId = shortId();
      void integrate(route, (now) => messageEvent(connection.facts, apiFacts(), { requestId, now }, route.routeKey, messageId, body)).then(({ invocation, result }) => {
        if (result === 'timeout') {
          sendText(connection, errorFrame('Endpoint request timed out', connectionId, requestId));
          return;
        }
        if (result.kind === 'failed') {
          invocation.settle(500, result.error);
          sendText(connection, errorFrame('Internal server error', connectionId, requestId));
          return;
        }
        invocation.settle(result.statusCode ?? 200, undefined);
        if (route.routeResponse === true && result.body !== undefined) sendText(connection, result.body);
      });
    },

    /** The connection closed (either side): `$disconnect` runs, best effort, after it. */
    closed(connectionId: string, code: number, reason: string): void {
      const connection = connections.get(connectionId);
      if (connection === undefined) return;
      connections.delete(connectionId);
      connection.stop.abort();
      connection.client = undefined;
      const route = routes.get('$disconnect');
      if (route === undefined) return;
      const requestId = shortId();
      const disconnecting = integrate(route, (now) => disconnectEvent(connection.facts, apiFacts(), { requestId, now }, code, reason)).then(({ invocation, result }) => {
        if (result !== 'timeout') invocation.settle(result.kind === 'failed' ? 500 : 200, result.kind === 'failed' ? result.error : undefined);
      });
      disconnects.add(disconnecting);
      void disconnecting.finally(() => disconnects.delete(disconnecting));
    },

    /** Settles when every `$disconnect` under way has: what a closing API waits for before its functions go. */
    disconnected: async (): Promise<void> => {
      await Promise.all([...disconnects]);
    },

    /** Bytes waiting to go to a connection's client (undefined when it is not open): what `maxBufferedBytes` bounds. */
    bufferedBytes: (connectionId: string): number | undefined => connections.get(connectionId)?.client?.bufferedBytes(),

    /** Open connections. */
    openConnections: (): number => [...connections.values()].filter((connection) => connection.client !== undefined).length,

    /** Closes every connection, as when the API goes away. */
    closeAll(): void {
      for (const connection of connections.values()) connection.client?.close(1001, 'Going away');
    },

    /**
     * The `@connections` management API on `/{stage}/@connections/{id}`
     * (`@` also as `%40`): POST sends the body to the connection (200), GET
     * describes it, DELETE closes it (204); a connection that is not open is
     * 410 `GoneException`, a body over the message limit 413 (refused as it
     * arrives), a post to a client with too much waiting 429.
     */
    managementApp(): Hono {
      const app = new Hono();
      app.all('*', async (c) => {
        const requestId = crypto.randomUUID();
        const path = decodePath(new URL(c.req.url).pathname);
        if (path === undefined) return managementError(400, 'BadRequestException', requestId, 'The path is not valid percent-encoding.');
        const prefix = `/${stage}/@connections/`;
        if (!path.startsWith(prefix) || path.length === prefix.length) return managementError(404, 'NotFoundException', requestId, `No @connections resource at ${path}: use /${stage}/@connections/{connectionId}`);
        const connectionId = path.slice(prefix.length);
        const connection = connections.get(connectionId);
        if (connection?.client === undefined) return managementError(410, 'GoneException', requestId);
        switch (c.req.method) {
          case 'POST': {
            // Refused by its Content-Length, or as soon as the bytes so far pass the limit: never read whole.
            const data = await readBodyWithin(c.req.raw, limits.maxMessageBytes);
            if (data === 'too-large') return managementError(413, 'PayloadTooLargeException', requestId, `Message exceeds the ${limits.maxMessageBytes}-byte limit.`);
            if (connection.client === undefined) return managementError(410, 'GoneException', requestId);
            if (!send(connection, data, !isUtf8(data))) {
              // What the service model gives PostToConnection for a client whose buffer is full (docs/api-gateway.md).
              return managementError(429, 'LimitExceededException', requestId, `The client of connection ${connectionId} is not reading: ${connection.client.bufferedBytes()} bytes are waiting for it, and this message would pass the ${limits.maxBufferedBytes}-byte limit.`);
            }
            return new Response(null, { status: 200, headers: { 'x-amzn-RequestId': requestId } });
          }
          case 'GET':
            return Response.json(
              { connectedAt: new Date(connection.facts.connectedAt).toISOString(), identity: { sourceIp: connection.facts.sourceIp, ...(connection.facts.userAgent === undefined ? {} : { userAgent: connection.facts.userAgent }) }, lastActiveAt: new Date(epochMsOf(clock) - (clock.now() - connection.lastActiveAt)).toISOString() },
              { headers: { 'x-amzn-RequestId': requestId } },
            );
          case 'DELETE':
            connection.client.close(1000, '');
            return new Response(null, { status: 204, headers: { 'x-amzn-RequestId': requestId } });
          default:
            return managementError(405, 'MethodNotAllowedException', requestId, `${c.req.method} is not a @connections operation: POST, GET or DELETE.`);
        }
      });
      return app;
    },
  };
}

export type WebSocketApi = ReturnType<typeof createWebSocketApi>;

/** A route's result: the proxy result's status and body, or a failure. */
type RouteResult = { readonly kind: 'answer'; readonly statusCode: number | undefined; readonly body: string | undefined } | { readonly kind: 'failed'; readonly error: LambdaError | undefined };

async function routeResult(invocation: StartedInvocation): Promise<RouteResult> {
  const output: InvocationOutput | undefined = await invocation.output;
  if (output === undefined) return { kind: 'failed', error: undefined };
  if (output.kind === 'error') return { kind: 'failed', error: output.error };
  const payload = output.kind === 'buffered' ? output.payload : await collect(output.body);
  if (output.kind === 'stream') {
    const error = await output.done;
    if (error !== undefined) return { kind: 'failed', error };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload ?? new Uint8Array())) as unknown;
  } catch {
    return { kind: 'failed', error: resultFault('MalformedResult', 'the function result is not JSON') };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'answer', statusCode: undefined, body: undefined };
  const result = value as { statusCode?: unknown; body?: unknown };
  return {
    kind: 'answer',
    statusCode: typeof result.statusCode === 'number' ? result.statusCode : undefined,
    body: typeof result.body === 'string' ? result.body : result.body === undefined ? undefined : JSON.stringify(result.body),
  };
}

/** A management API error as the AWS SDKs read it: the type in `x-amzn-ErrorType` (the body is not needed). */
function managementError(status: number, type: string, requestId: string, message?: string): Response {
  return new Response(message === undefined ? null : JSON.stringify({ message }), { status, headers: { 'x-amzn-ErrorType': type, 'x-amzn-RequestId': requestId, ...(message === undefined ? {} : { 'Content-Type': 'application/json' }) } });
}

/** Whether bytes are valid UTF-8: API Gateway sends a post as a text message then. */
function isUtf8(data: Uint8Array): boolean {
  try {
    textDecoder.decode(data);
    return true;
  } catch {
    return false;
  }
}

/** A percent-decoded path, or undefined when its encoding is broken (`%zz`). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
