import type http from 'node:http';
import type http2 from 'node:http2';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { createConnectionTable, type ConnectionTableOptions, type TableEntry } from './connection-table.ts';

/**
 * Keeps a connection table up to date from the servers `listen()` hands its
 * sockets to: a request head read (HTTP/1.1) or a stream opened (HTTP/2)
 * makes a connection busy, the end of its last response makes it idle again,
 * a WebSocket upgrade holds it for good. Sockets reach the HTTP/1.1 server
 * raw or wrapped in TLS, and the HTTP/2 server as a session: each is mapped
 * back to the connection it came on.
 *
 * @example
 * const slots = createConnectionSlots({ http1Server, http2Server, capacity: 10_000, reserve: 100, onPressure });
 * net.createServer((socket) => { if (!slots.admit(socket)) socket.destroy(); });
 */
export function createConnectionSlots(options: ConnectionTableOptions & { readonly http1Server: http.Server; readonly http2Server: http2.Http2Server }) {
  const table = createConnectionTable(options);
  /** Raw sockets, the TLS sockets wrapping them, and HTTP/2 sessions → their connection. */
  const entries = new WeakMap<object, TableEntry>();
  const sessions = new WeakMap<net.Socket, http2.ServerHttp2Session>();
  /** TLS connections mid-handshake, by remote address and port (a TLS socket reports its raw socket's). */
  const handshakes = new Map<string, TableEntry>();
  /** The connection being handed to the HTTP/2 server: it makes the session synchronously. */
  let arriving: { readonly socket: net.Socket; readonly entry: TableEntry } | undefined;

  options.http1Server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const entry = entries.get(request.socket);
    if (entry === undefined) return;
    table.requestStarted(entry);
    response.once('close', () => table.requestEnded(entry));
  });
  options.http2Server.on('session', (session: http2.ServerHttp2Session) => {
    if (arriving === undefined) return;
    const { socket, entry } = arriving;
    sessions.set(socket, session);
    session.on('stream', (stream: http2.ServerHttp2Stream) => {
      table.requestStarted(entry);
      stream.once('close', () => table.requestEnded(entry));
    });
  });

  return {
    /** Takes a new connection, closing idle ones to make room; false when every slot has a request in progress. */
    admit(socket: net.Socket): boolean {
      // An idle HTTP/2 session is told GOAWAY (so its client opens a new one); anything else just closes.
      const entry = table.admit(() => (sessions.get(socket) ?? socket).destroy());
      if (entry === undefined) return false;
      entries.set(socket, entry);
      socket.once('close', () => table.closed(entry));
      return true;
    },
    /** Hands a connection to the HTTP/2 server (`hand` emits it there). */
    toHttp2(socket: net.Socket, hand: () => void): void {
      const entry = entries.get(socket);
      arriving = entry === undefined ? undefined : { socket, entry };
      try {
        hand();
      } finally {
        arriving = undefined;
      }
    },
    /** A connection starts a TLS handshake. */
    tlsStarted(socket: net.Socket): void {
      const entry = entries.get(socket);
      if (entry === undefined) return;
      const key = keyOf(socket);
      handshakes.set(key, entry);
      socket.once('close', () => handshakes.delete(key));
    },
    /** Its handshake is done: requests on `secure` are its. */
    tlsSecured(secure: Duplex & { readonly remoteAddress?: string | undefined; readonly remotePort?: number | undefined }): void {
      const key = keyOf(secure);
      const entry = handshakes.get(key);
      handshakes.delete(key);
      if (entry !== undefined) entries.set(secure, entry);
    },
    /** The connection was upgraded (a WebSocket): it is never shed. */
    hold(socket: Duplex): void {
      const entry = entries.get(socket);
      if (entry !== undefined) table.hold(entry);
    },
    /** Closes up to `count` idle connections (the process ran out of descriptors); returns how many. */
    shedIdle: (count: number): number => table.shedIdle(count),
  };
}

const keyOf = (socket: { readonly remoteAddress?: string | undefined; readonly remotePort?: number | undefined }): string => `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
