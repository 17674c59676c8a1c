import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { takeScheduledResponse } from '../../core/playback/play-schedule.ts';
import { createConnectionSlots } from './connection-slots.ts';
import { headRefusal } from './head-refusal.ts';
import { connectionCapacity, type Capacity, type Pressure } from './connection-table.ts';
import { refuseControlRequest, type ControlGuard } from './control-guard.ts';
import { readOpenFiles } from './open-files.ts';
import { createTimerWheel } from './timer-wheel.ts';
import { writePlayback, type Outgoing } from './write-playback.ts';

/**
 * What the adapter knows about the connection a request came on, passed to
 * the fetch handler as `env.transport`: apps that need more than the
 * web-standard `Request` (a Function URL's source IP and raw header list, the
 * Lambda runtime's HTTP trailers, a fault that drops the connection) read it
 * here, and stay free of Node.
 */
export type Connection = {
  /** Drops the connection (HTTP/1.1) or resets the stream (HTTP/2) without a final frame; returns whether it could. */
  drop(): boolean;
  readonly remoteAddress: string;
  /** `1.1` or `2.0`. */
  readonly httpVersion: string;
  /** Header names and values as received, in order, repeats kept: `[name, value, name, value, …]`. */
  readonly rawHeaders: readonly string[];
  /** The request's HTTP trailers, once its body has been read to the end. */
  trailers(): Readonly<Record<string, string>>;
  /**
   * When the request arrived, on `performance.now()`: when its bytes were
   * read, before any other request's work delayed it.
   */
  readonly receivedAt: number;
  /** Aborts when the client goes away before the response is complete. */
  readonly closed: AbortSignal;
  /**
   * Why Node would refuse to write these response headers on this
   * connection (a name or value it rejects; on HTTP/2 a connection-specific
   * header), or `undefined`: an app answering with headers it did not write
   * itself asks first, and gives its own error instead.
   */
  headRefusal(headers: Headers): string | undefined;
};

/** The `env` a fetch handler gets from `listen`. */
export type ConnectionEnv = { readonly transport: Connection };

export type ListenOptions = {
  /** Interface to bind. Default 127.0.0.1: the emulator is not for other machines unless you say so. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Also serve TLS on the same port (HTTP/1.1 inside): a connection that
   * opens with a TLS handshake gets it, any other is served in the clear.
   */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Routes only programs on this machine may use (control routes, management APIs): see `refuseControlRequest`. */
  readonly guard?: ControlGuard;
  /** How long a connection may take, and how many may be open: `connectionLimits` by default. */
  readonly connections?: Partial<ConnectionLimits>;
  /** Where the server says it is closing idle connections to make room, or refusing new ones (one line per episode). Default: stderr. */
  readonly onWarning?: (line: string) => void;
  /** Takes HTTP/1.1 upgrade requests (WebSocket), in the clear or over TLS. Without it they are refused. */
  readonly onUpgrade?: (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
};

/**
 * What a connection may cost: Node's own HTTP/1.1 timeouts, an idle HTTP/2
 * session's, how many may be open, and how many slots are kept free.
 */
export type ConnectionLimits = {
  /** The whole request head must arrive within this (slowloris). Node's default: 60 s. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, within this. Node's default: 300 s. */
  readonly requestTimeoutMs: number;
  /** An idle HTTP/1.1 keep-alive connection closes after this. Node's default: 5 s. */
  readonly keepAliveTimeoutMs: number;
  /** How often those timeouts are checked. Node's default: 30 s. */
  readonly checkIntervalMs: number;
  /** An HTTP/2 session with no stream activity closes after this: 5 minutes. */
  readonly http2IdleTimeoutMs: number;
  /**
   * Connections open at once. Where the process's open-file limit is lower
   * (Linux; Node raises its soft limit to `ulimit -Hn` at start), the cap is
   * that limit less the descriptors already open and `reservedConnections`.
   * At the cap, a new connection takes the slot of the one idle longest; it is
   * refused only when every connection has a request in progress.
   */
  readonly maxConnections: number;
  /**
   * Slots kept free below the cap (at most a quarter of it): once fewer are
   * free, the connection idle longest is closed — one that has not sent a
   * complete request head yet (silent, slowloris), a keep-alive connection
   * between requests, an HTTP/2 session with no open stream (with a GOAWAY).
   * A connection with a request or stream in progress, or a WebSocket, is never
   * closed this way. So a well-behaved client and the control routes are served
   * at once, and the process keeps descriptors for its own files and processes.
   */
  readonly reservedConnections: number;
};

const connectionLimits: ConnectionLimits = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 30_000,
  http2IdleTimeoutMs: 5 * 60_000,
  maxConnections: 10_000,
  reservedConnections: 100,
};

export type RunningServer = {
  /** e.g. `http://127.0.0.1:4010` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far, by protocol: which clients spoke h2c and which HTTP/1.1. */
  connectionCounts(): { readonly http1: number; readonly http2: number };
  /** Sockets currently open. */
  openConnections(): number;
  /** Stops listening and closes every open connection, streams included. */
  close(): Promise<void>;
};

/** Requests started per turn of the event loop, so that new arrivals are read (and stamped) in between. */
const dispatchSlice = 64;

/** The first bytes of the HTTP/2 connection preface, `PRI * HTTP/2.0…`. */
const http2PrefacePrefix = 'PRI';

/**
 * Serves a fetch handler on one port for HTTP/1.1 and cleartext HTTP/2 (h2c,
 * prior knowledge) at once. The AWS SDK's Bedrock client speaks h2c by default
 * while fetch, boto3 and the Anthropic SDK speak HTTP/1.1 (docs/protocol/transport.md#two-protocols-on-one-port), and
 * Node's `allowHTTP1` works only with TLS — so each new connection is routed by
 * its first three bytes.
 *
 * @example
 * const server = await listen(emulator.fetch, { port: 0 });
 * console.log(server.url);
 */
export async function listen(fetch: (request: Request, env: ConnectionEnv) => Response | Promise<Response>, options: ListenOptions = {}): Promise<RunningServer> {
  const wheel = createTimerWheel();
  const warn = options.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
  const receivedAt = new WeakMap<object, number>();
  const fetchListener = getRequestListener(async (request, bindings) => {
    const { incoming, outgoing } = bindings;
    const refused = options.guard === undefined ? undefined : refuseControlRequest(request, options.guard);
    if (refused !== undefined) return refused;
    const response = await fetch(request, { transport: connectionOf(incoming, outgoing, receivedAt.get(incoming) ?? performance.now()) });
    // A scheduled stream is written straight to the connection instead of through a web stream.
    const scheduled = takeScheduledResponse(response);
    if (scheduled === undefined) return response;
    const head = outgoing as Outgoing & { writeHead(status: number, headers: Readonly<Record<string, string>>): unknown; flushHeaders?: () => void };
    head.writeHead(scheduled.status, scheduled.headers);
    // Send the head now: a stream's first byte should not wait for its first frame.
    head.flushHeaders?.();
    // HTTP/1.1's socket is corked by the writer around the writes due together; HTTP/2 frames its own.
    writePlayback(scheduled.playback, head, wheel, outgoing instanceof http.ServerResponse ? (outgoing.socket ?? undefined) : undefined);
    return RESPONSE_ALREADY_SENT;
  });
  // Requests read in one turn of the event loop are stamped with the moment the first of
  // them was read (they were all waiting in the kernel by then), and their work is done
  // afterwards, a slice at a time with reading in between: a burst of requests is timed
  // from its arrival, not from whenever the requests before it were done.
  let batchReceivedAt: number | undefined;
  const queued: [http.IncomingMessage | http2.Http2ServerRequest, http.ServerResponse | http2.Http2ServerResponse][] = [];
  let dispatching = false;
  const dispatch = (): void => {
    batchReceivedAt = undefined;
    // The adapter's listener answers errors itself, but not one in writing that answer (a head Node
    // refuses twice over): that one response is dropped, never the process.
    for (const [request, response] of queued.splice(0, dispatchSlice)) fetchListener(request, response).catch((error: unknown) => abandonResponse(response, error, warn));
    dispatching = queued.length > 0;
    if (dispatching) setImmediate(dispatch);
  };
  const listener = (request: http.IncomingMessage | http2.Http2ServerRequest, response: http.ServerResponse | http2.Http2ServerResponse): void => {
    if (batchReceivedAt === undefined) {
      batchReceivedAt = performance.now();
      if (!dispatching) {
        dispatching = true;
        setImmediate(dispatch);
      }
    }
    receivedAt.set(request, batchReceivedAt);
    queued.push([request, response]);
  };
  const limits: ConnectionLimits = { ...connectionLimits, ...options.connections };
  const http1Server = http.createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    listener,
  );
  // This server never listens itself (connections are handed to it), so start what Node starts on
  // 'listening': the checker that applies the head and request timeouts.
  http1Server.emit('listening');
  const http2Server = http2.createServer(listener);
  http2Server.setTimeout(limits.http2IdleTimeoutMs);
  const capacity = connectionCapacity(limits, readOpenFiles());
  const slots = createConnectionSlots({ ...capacity, http1Server, http2Server, onPressure: (pressure) => warn(pressureLine(pressure, capacity)) });
  const onUpgrade = options.onUpgrade;
  if (onUpgrade !== undefined) {
    http1Server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      slots.hold(socket);
      onUpgrade(request, socket, head);
    });
  }
  const tlsServer =
    options.tls === undefined
      ? undefined
      : tls.createServer({ key: options.tls.key, cert: options.tls.cert, ALPNProtocols: ['http/1.1'] }, (secure) => {
          slots.tlsSecured(secure);
          http1Server.emit('connection', secure);
        });
  // A TLS client that gives up mid-handshake is its own business.
  tlsServer?.on('tlsClientError', (_error, secure) => secure.destroy());
  const sockets = new Set<net.Socket>();
  const counts = { http1: 0, http2: 0 };
  const sessions = new Set<http2.ServerHttp2Session>();
  http2Server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  const server = net.createServer((socket) => {
    if (!slots.admit(socket)) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Frames must leave when playback releases them, not when Nagle decides.
    socket.setNoDelay(true);
    routeByPreface(
      socket,
      tlsServer !== undefined,
      (protocol) => {
        if (protocol === 'tls' && tlsServer !== undefined) {
          slots.tlsStarted(socket);
          tlsServer.emit('connection', socket);
        } else if (protocol === 'http2') {
          counts.http2 += 1;
          slots.toHttp2(socket, () => http2Server.emit('connection', socket));
        } else {
          counts.http1 += 1;
          http1Server.emit('connection', socket);
        }
      },
      limits.headersTimeoutMs,
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Out of descriptors with libuv's spare one gone, accept fails as an 'error' on the server (see
  // docs/api.md): unheard, that ends the process. Idle connections make room instead.
  let acceptFailedAt = -Infinity;
  server.on('error', (error: NodeJS.ErrnoException) => {
    const shed = error.code === 'EMFILE' || error.code === 'ENFILE' ? slots.shedIdle(Math.max(1, capacity.reserve)) : 0;
    if (performance.now() - acceptFailedAt < 60_000) return;
    acceptFailedAt = performance.now();
    warn(`bedrock-emulator: accepting a connection failed (${error.code ?? error.message}); ${shed} idle connections closed to make room.`);
  });

  const address = server.address() as net.AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    connectionCounts: () => ({ ...counts }),
    openConnections: () => sockets.size,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const socketsClosed = [...sockets].map((socket) => new Promise<void>((resolve) => (socket.destroyed && socket.closed ? resolve() : socket.once('close', () => resolve()))));
      for (const session of sessions) session.destroy();
      http1Server.closeAllConnections();
      // Stops its timeout checker (it was never listening, so close reports that, harmlessly).
      http1Server.close(() => undefined);
      for (const socket of sockets) socket.destroy();
      // Resolve only when every connection is really gone, so a test's teardown leaves nothing open.
      await Promise.all([closed, ...socketsClosed]);
    },
  };
}

/**
 * Ends a response that could not be written: an HTTP/2 stream is reset
 * (its session carries other calls), an HTTP/1.1 connection closed.
 */
function abandonResponse(response: http.ServerResponse | http2.Http2ServerResponse, error: unknown, warn: (line: string) => void): void {
  warn(`bedrock-emulator: a response could not be written (${error instanceof Error ? error.message : String(error)}); its ${response instanceof http2.Http2ServerResponse ? 'stream was reset' : 'connection was closed'}.`);
  if (response instanceof http2.Http2ServerResponse) response.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  else response.socket?.destroy();
}

/**
 * The connection of one request. Dropping it: HTTP/1.1 destroys the socket
 * mid-response; HTTP/2 resets just this stream (RST_STREAM), since the
 * session carries other calls.
 */
function connectionOf(incoming: http.IncomingMessage | http2.Http2ServerRequest, outgoing: http.ServerResponse | http2.Http2ServerResponse, receivedAt: number): Connection {
  return {
    receivedAt,
    drop: () => {
      if (outgoing instanceof http2.Http2ServerResponse) outgoing.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      else outgoing.socket?.destroy();
      return true;
    },
    // Made when first asked for: most requests never wait long enough to need it.
    get closed(): AbortSignal {
      const controller = new AbortController();
      const gone = (): void => {
        if (!outgoing.writableEnded) controller.abort();
      };
      if (outgoing.closed || incoming.socket.destroyed) gone();
      else outgoing.once('close', gone);
      return controller.signal;
    },
    // Read now: a client that hangs up before a route asks would leave no address to read.
    remoteAddress: incoming.socket.remoteAddress ?? '127.0.0.1',
    httpVersion: incoming.httpVersion,
    rawHeaders: incoming.rawHeaders,
    trailers: () => incoming.trailers as Record<string, string>,
    headRefusal: (headers) => headRefusal(headers, incoming.httpVersion),
  };
}

function routeByPreface(socket: net.Socket, acceptsTls: boolean, hand: (protocol: 'http1' | 'http2' | 'tls') => void, silentTimeoutMs: number): void {
  let received = Buffer.alloc(0);
  // A client that connects and says nothing would hold its slot for ever: it gets the head timeout.
  socket.setTimeout(silentTimeoutMs, () => socket.destroy());
  const onError = (): void => {
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    received = Buffer.concat([received, chunk]);
    // A TLS handshake record starts with 0x16 (no HTTP method does).
    const isTls = acceptsTls && received[0] === tlsHandshakeRecord;
    const isHttp2 = received.subarray(0, 3).toString('latin1') === http2PrefacePrefix;
    // 'P' alone could still be PRI or POST: wait for three bytes.
    if (!isTls && received.length < 3 && http2PrefacePrefix.startsWith(received.toString('latin1'))) return;
    socket.off('data', onData);
    socket.off('error', onError);
    socket.setTimeout(0);
    socket.pause();
    socket.unshift(received);
    if (isTls) {
      // The TLS server reads the unshifted handshake itself.
      hand('tls');
    } else if (isHttp2) {
      // Do not resume: the HTTP/2 session reads the unshifted preface itself (docs/protocol/transport.md#two-protocols-on-one-port).
      hand('http2');
    } else {
      hand('http1');
      socket.resume();
    }
  };
  socket.on('data', onData);
  socket.on('error', onError);
}

/** The first byte of a TLS handshake record. */
const tlsHandshakeRecord = 0x16;

/** The one line said when an episode of shedding or refusing begins. */
function pressureLine(pressure: Pressure, { capacity, reserve, files }: Capacity): string {
  const allowed = files === undefined ? `${capacity} allowed (maxConnections)` : `${capacity} allowed (the open-file limit, ulimit -n ${files.limit}, less ${files.open} open at start and ${files.kept} kept free)`;
  return pressure.kind === 'shedding'
    ? `bedrock-emulator: ${pressure.open} connections are open, of ${allowed}: closing those idle longest (no complete request yet, or between requests) to keep ${reserve} free for new clients; none with a request in progress is closed.`
    : `bedrock-emulator: all ${capacity} connections allowed (${files === undefined ? 'maxConnections' : `the open-file limit, ulimit -n ${files.limit}`}) have a request in progress: new connections are refused until some end.`;
}
