import http2 from 'node:http2';
import { syncBuiltinESMExports } from 'node:module';
import { duplexPair, type Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Emulator } from '../../emulator/create-emulator.ts';
import { isEmulatedHost } from './bedrock-hosts.ts';

export type InterceptOptions = {
  /** Hosts to send to the emulator besides Bedrock Runtime's own (e.g. a VPC endpoint's). */
  readonly hosts?: readonly string[];
};

let active: { readonly original: typeof http2.connect } | undefined;

/**
 * Sends HTTP/2 connections to Bedrock Runtime hosts to the emulator, in
 * process, with no port: msw intercepts fetch and `node:http` but not
 * `node:http2`, which the AWS SDK's Bedrock client (and LangChain through it)
 * uses by default. Each connection becomes a real HTTP/2 session over an
 * in-memory socket pair, so the client's unmodified transport sees the same
 * bytes and timing as from a server. Connections to other hosts go out as
 * usual. Returns a function that undoes it.
 *
 * @example
 * const restore = interceptHttp2(emulator);
 * // new BedrockRuntimeClient({ region: 'us-east-1' }) now talks to the emulator
 * restore();
 */
export function interceptHttp2(emulator: Emulator, options: InterceptOptions = {}): () => void {
  if (active !== undefined) throw new Error('interceptHttp2 is already active; call the function it returned before intercepting again');
  const listener = getRequestListener((request) => emulator.fetch(request));
  const server = http2.createServer((request, response) => {
    void listener(request, response);
  });
  const original = http2.connect;
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<Duplex>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  const connect = (authority: string | URL, ...rest: unknown[]): http2.ClientHttp2Session => {
    const url = typeof authority === 'string' ? new URL(authority) : authority;
    const [first, second] = rest;
    if (!isEmulatedHost(url.hostname, options.hosts)) return (original as (...args: unknown[]) => http2.ClientHttp2Session)(authority, ...rest);
    const connectOptions = typeof first === 'object' && first !== null ? (first as http2.ClientSessionOptions) : {};
    const onConnect = typeof first === 'function' ? first : second;
    const [clientSide, serverSide] = duplexPair();
    for (const socket of [clientSide, serverSide]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    server.emit('connection', serverSide);
    return original(authority, { ...connectOptions, createConnection: () => clientSide }, onConnect as (() => void) | undefined);
  };
  // The SDK calls `http2.connect` on the module object; ESM named imports are synced too.
  (http2 as { connect: unknown }).connect = connect;
  syncBuiltinESMExports();
  active = { original };
  return () => {
    if (active === undefined) return;
    (http2 as { connect: unknown }).connect = active.original;
    syncBuiltinESMExports();
    active = undefined;
    for (const session of sessions) session.destroy();
    for (const socket of sockets) socket.destroy();
    server.close();
  };
}
