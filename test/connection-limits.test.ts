import http2 from 'node:http2';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listen, type ConnectionLimits } from '../src/http/listen.ts';
import { startEmulator } from '../src/node/start-emulator.ts';

/**
 * Slow and silent clients cannot hold the server: Node's own HTTP/1.1
 * timeouts apply (the sockets are handed to an http.Server that never
 * listens itself), an idle HTTP/2 session closes, and connections beyond the
 * cap are refused with one line said. Small limits, so the test is quick.
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

  it('refuses connections beyond the cap, says so once, and takes new ones when some end', async () => {
    const warnings: string[] = [];
    const server = await listen(ok, { connections: { maxConnections: 3 }, onWarning: (line) => warnings.push(line) });
    const open: net.Socket[] = [];
    try {
      for (let index = 0; index < 3; index++) {
        const socket = net.connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        open.push(socket);
      }
      await expect.poll(() => server.openConnections()).toBe(3);
      const refused = await Promise.all([closedAfter(server.port, ''), closedAfter(server.port, '')]);
      expect(refused.every((ms) => ms < 2000)).toBe(true);
      expect(warnings).toEqual(['bedrock-emulator: 3 connections are open, the most allowed: new ones are closed until some end.']);
      open.pop()?.destroy();
      await expect.poll(() => server.openConnections()).toBe(2);
      const response = await fetch(`${server.url}/`);
      expect(await response.text()).toBe('ok');
    } finally {
      for (const socket of open) socket.destroy();
      await server.close();
    }
  });
});
