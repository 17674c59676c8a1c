import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { spawn } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { listen, type ConnectionLimits } from '../../src/adapters/http/listen.ts';
import { makeLocalCertificate } from '../../src/aws-local/node/local-certificate.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { repoRoot } from '../support/cli.ts';
import { claudeBody, credentials, haiku, region } from '../support/emulator.ts';

/**
 * Slow and silent clients cannot hold the server: Node's own HTTP/1.1
 * timeouts apply (the sockets are handed to an http.Server that never
 * listens itself), an idle HTTP/2 session closes, and at the cap the
 * connections idle longest make room for new ones, with one line said; only
 * when every connection has a request in progress is a new one refused. Small
 * limits, so the test is quick.
 */
const quick: Partial<ConnectionLimits> = { headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 200, checkIntervalMs: 50, http2IdleTimeoutMs: 300 };
const ok = (): Response => new Response('ok');

/** Opens a raw connection, writes `bytes`, and resolves with how long the server took to close it. */
function closedAfter(port: number, bytes: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(performance.now() - startedAt));
    setTimeout(() => reject(new Error('still open after 5 s')), 5000).unref();
  });
}

describe('connection limits', () => {
  it('closes a slowloris head, an endless body and an idle keep-alive connection', async () => {
    const server = await listen(ok, { connections: quick });
    try {
      const [slowHead, endlessBody, idle] = await Promise.all([
        closedAfter(server.port, 'GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: '),
        closedAfter(server.port, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\nab'),
        closedAfter(server.port, 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'),
      ]);
      // A client that connects and sends nothing at all (before any protocol is known).
      expect(await closedAfter(server.port, '')).toBeLessThan(2000);
      expect(slowHead).toBeLessThan(2000);
      expect(endlessBody).toBeLessThan(2000);
      expect(idle).toBeLessThan(2000);
      await expect.poll(() => server.openConnections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('applies to the emulator as started from code', async () => {
    const server = await startEmulator({ fixtures: [], connections: quick });
    try {
      expect(await closedAfter(server.port, 'GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ')).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  it('closes an idle HTTP/2 session', async () => {
    const server = await listen(ok, { connections: quick });
    try {
      const session = http2.connect(server.url);
      await new Promise<void>((resolve, reject) => {
        const request = session.request({ ':path': '/' });
        request.on('response', () => undefined).on('data', () => undefined).on('end', resolve).on('error', reject);
        request.end();
      });
      const startedAt = performance.now();
      await new Promise((resolve) => session.once('close', resolve));
      expect(performance.now() - startedAt).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });

  it('at the cap, silent connections make room: fetch, the AWS SDK over HTTP/2 and /_emulator/health are answered, and it is said once', async () => {
    const warnings: string[] = [];
    const server = await startEmulator({
      fixtures: defineFixtures([{ match: { lastUserMessage: 'ping' }, response: { text: 'pong' }, timing: 'instant' }], 'test'),
      connections: { maxConnections: 20, reservedConnections: 4 },
      onWarning: (line) => warnings.push(line),
    });
    const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
    // Silent clients, and slowloris ones with half a head, more than the cap holds, oldest first.
    const silent = await openSilent(server.port, 30, (index) => (index % 2 === 0 ? '' : 'GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: '));
    try {
      const health = await fetch(`${server.url}/_emulator/health`);
      expect(health.status).toBe(200);
      const invoked = await fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: claudeBody('ping') });
      expect(((await invoked.json()) as { content: { text: string }[] }).content[0]?.text).toBe('pong');
      const viaSdk = await client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('ping') }));
      expect((JSON.parse(new TextDecoder().decode(viaSdk.body)) as { content: { text: string }[] }).content[0]?.text).toBe('pong');
      expect(server.connectionCounts().http2).toBeGreaterThan(0);
      // The oldest silent connections gave up their slots; the newest still wait for their head timeout.
      expect(silent[0]?.closed).toBe(true);
      expect(silent.at(-1)?.closed).toBe(false);
      expect(server.openConnections()).toBeLessThanOrEqual(20);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^bedrock-emulator: \d+ connections are open, of 20 allowed \(maxConnections\): closing those idle longest/);
    } finally {
      client.destroy();
      for (const socket of silent) socket.destroy();
      await server.close();
    }
  });

  it('never closes a connection with a request or stream in progress; idle keep-alive connections and HTTP/2 sessions make room', async () => {
    const held = heldResponses();
    const certificate = await makeLocalCertificate();
    const server = await listen(held.handler, { tls: certificate, connections: { maxConnections: 8, reservedConnections: 2 }, onWarning: () => undefined });
    const session = http2.connect(server.url);
    const idleSession = http2.connect(server.url);
    try {
      // An HTTP/1.1 response in the clear and over TLS, and an HTTP/2 stream, in progress; two connections idle between requests: the oldest.
      const http1Body = readHttp1(server.port, '/stream');
      const tlsBody = readHttp1(server.port, '/stream', certificate.cert);
      const http2Body = readHttp2(session, '/stream');
      const keepAlive = await openKeptAlive(server.port);
      await readHttp2(idleSession, '/quick');
      const idleSessionClosed = new Promise((resolve) => idleSession.once('close', resolve));
      await expect.poll(() => held.waiting()).toBe(3);
      const silent = await openSilent(server.port, 30, () => '');
      expect(await fetch(`${server.url}/quick`).then((response) => response.text())).toBe('quick');
      await idleSessionClosed;
      expect(keepAlive.closed).toBe(true);
      held.release();
      expect(await Promise.all([http1Body, tlsBody, http2Body])).toEqual(['first,last', 'first,last', 'first,last']);
      for (const socket of silent) socket.destroy();
    } finally {
      held.release();
      session.destroy();
      idleSession.destroy();
      await server.close();
      certificate.remove();
    }
  });

  it('refuses new connections only when every one has a request in progress, says so once, and takes new ones when some end', async () => {
    const warnings: string[] = [];
    const held = heldResponses();
    const server = await listen(held.handler, { connections: { maxConnections: 3 }, onWarning: (line) => warnings.push(line) });
    const bodies = [readHttp1(server.port, '/stream'), readHttp1(server.port, '/stream'), readHttp1(server.port, '/stream')];
    try {
      await expect.poll(() => held.waiting()).toBe(3);
      const refused = await Promise.all([closedAfter(server.port, ''), closedAfter(server.port, '')]);
      expect(refused.every((ms) => ms < 2000)).toBe(true);
      expect(warnings).toEqual(['bedrock-emulator: all 3 connections allowed (maxConnections) have a request in progress: new connections are refused until some end.']);
      held.release();
      expect(await Promise.all(bodies)).toEqual(['first,last', 'first,last', 'first,last']);
      expect(await fetch(`${server.url}/quick`).then((response) => response.text())).toBe('quick');
    } finally {
      held.release();
      await server.close();
    }
  });

  it('follows the open-file limit when it is below maxConnections: the CLI under ulimit -n 512 still answers behind 600 silent connections', async () => {
    // Node raises its soft limit to the hard one at start, so the shell sets both.
    const child = spawn('sh', ['-c', 'ulimit -n 512 && exec "$0" "$@"', process.execPath, path.join(repoRoot, 'src/cli/bin.ts'), 'start', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const silent: net.Socket[] = [];
    try {
      await expect.poll(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1], { timeout: 10_000 }).toBeDefined();
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      silent.push(...(await openSilent(Number(new URL(url).port), 600, () => '')));
      const health = await fetch(`${url}/_emulator/health`);
      expect(health.status).toBe(200);
      const lines = stderr.split('\n').filter((line) => line.includes('connections are open'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/the open-file limit, ulimit -n 512, less \d+ open at start and 100 kept free/);
    } finally {
      for (const socket of silent) socket.destroy();
      child.kill('SIGTERM');
      await exited;
    }
  });
});

/** Opens `count` raw connections one after the other (oldest first), each writing `bytesFor(index)` and nothing more. */
async function openSilent(port: number, count: number, bytesFor: (index: number) => string): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let index = 0; index < count; index++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(bytesFor(index));
    sockets.push(socket);
  }
  // Let the server read the last of them before the good client comes.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return sockets;
}

/** A raw HTTP/1.1 connection that made one request, read its answer, and stays open between requests. */
async function openKeptAlive(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /quick HTTP/1.1\r\nHost: localhost\r\n\r\n');
  let received = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.endsWith('quick')) resolve();
    });
  });
  return socket;
}

/** `/stream` answers `first,` at once and `last` when released; `/quick` answers `quick`. */
function heldResponses() {
  let releaseAll: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (releaseAll = resolve));
  let waiting = 0;
  const handler = (request: Request): Response => {
    if (new URL(request.url).pathname !== '/stream') return new Response('quick');
    waiting += 1;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('first,'));
        await released;
        controller.enqueue(new TextEncoder().encode('last'));
        controller.close();
      },
    });
    return new Response(body);
  };
  return { handler, waiting: () => waiting, release: () => releaseAll() };
}

/** The body of an HTTP/1.1 GET on its own connection (over TLS when the server's certificate is given). */
function readHttp1(port: number, pathname: string, tlsCertificate?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const get = tlsCertificate === undefined ? http.get : (options: https.RequestOptions, callback: (response: http.IncomingMessage) => void) => https.get({ ...options, ca: tlsCertificate }, callback);
    get({ host: '127.0.0.1', port, path: pathname, agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** The body of an HTTP/2 GET on `session`. */
function readHttp2(session: http2.ClientHttp2Session, pathname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': pathname });
    let body = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve(body));
    stream.on('error', reject);
    stream.end();
  });
}
