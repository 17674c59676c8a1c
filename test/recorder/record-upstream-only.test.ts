import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '../../src/recorder/recorder.ts';
import type { UpstreamAuth } from '../../src/recorder/sign-upstream.ts';
import { startRecorder, type RunningRecorder } from '../../src/recorder/start-recorder.ts';
import { eventually, haiku } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

// The recorder signs every call it forwards with the user's own credentials: it must send them to
// its configured upstream and nowhere else, whatever the request's path or the upstream's answer
// names, and must not forward for a web page on another origin or under a rebound host name.

/** A server that keeps what reached it, and answers as it is told. */
type Observer = { readonly url: string; readonly port: number; readonly seen: { method: string; path: string; headers: http.IncomingHttpHeaders }[]; close(): Promise<void> };

async function observer(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<Observer> {
  const seen: Observer['seen'] = [];
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    request.resume();
    request.once('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const opened: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(opened.map((server) => server.close())));

const sigv4: UpstreamAuth = { kind: 'sigv4', credentials: { accessKeyId: 'AKIARECORDEREXAMPLE', secretAccessKey: 'recorder-secret', sessionToken: 'recorder-session-token' } };
const apiKey: UpstreamAuth = { kind: 'api-key', token: 'ABSKrecorder-api-key' };

async function recorderFor(upstream: string, auth: UpstreamAuth, host?: string): Promise<{ recorder: RunningRecorder; events: RecordEvent[] }> {
  const events: RecordEvent[] = [];
  const recorder = await startRecorder({
    upstream,
    region: 'us-east-1',
    auth,
    fixturesDir: temporaryDir(),
    matchBy: ['model', 'operation', 'last-user-message'],
    exactTiming: false,
    force: false,
    mode: 'record-all',
    port: 0,
    ...(host === undefined ? {} : { host }),
    onRecorded: (event) => events.push(event),
  });
  opened.push(recorder);
  return { recorder, events };
}

/** A request with its path exactly as given (fetch would normalize it) and any Host or Origin. */
function rawRequest(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end('{"messages":[{"role":"user","content":[{"text":"hi"}]}]}');
  });
}

const converseBody = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'tell me a story' }] }] });

describe('the recorder talks only to its upstream', () => {
  it.each([
    ['SigV4', sigv4],
    ['an API key', apiKey],
  ])('a path that names another host is sent to the upstream, never to that host (%s)', async (_name, auth) => {
    const attacker = await observer((_request, response) => response.end('thanks'));
    const upstream = await observer((_request, response) => response.writeHead(404, { 'x-amzn-errortype': 'UnknownOperationException' }).end('{}'));
    opened.push(attacker, upstream);
    const { recorder } = await recorderFor(upstream.url, auth);
    const host = `127.0.0.1:${attacker.port}`;
    for (const path of [`//${host}/x`, `/..//${host}/x`, `/.//${host}/x`, `///${host}/x`]) {
      const answer = await rawRequest(recorder.port, path, { origin: recorder.url });
      expect(answer.status, path).toBe(404);
    }
    expect(attacker.seen).toEqual([]);
    expect(upstream.seen.map((request) => request.path)).toEqual([`//${host}/x`, `//${host}/x`, `//${host}/x`, `///${host}/x`]);
    // Signed for the upstream's own host, nobody else's.
    expect(upstream.seen.every((request) => request.headers.host === `127.0.0.1:${upstream.port}`)).toBe(true);
  });

  it.each([301, 302, 303, 307, 308])('an upstream %i is passed back to the client, not followed, and said', async (status) => {
    const elsewhere = await observer((_request, response) => response.end('{}'));
    const upstream = await observer((_request, response) => response.writeHead(status, { location: `${elsewhere.url}/model/${haiku}/converse` }).end());
    opened.push(elsewhere, upstream);
    const { recorder, events } = await recorderFor(upstream.url, sigv4);
    const answer = await fetch(`${recorder.url}/model/${haiku}/converse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: converseBody, redirect: 'manual' });
    expect({ status: answer.status, location: answer.headers.get('location') }).toEqual({ status, location: `${elsewhere.url}/model/${haiku}/converse` });
    expect(upstream.seen).toHaveLength(1);
    expect(elsewhere.seen).toEqual([]);
    await eventually(() => expect(events).toEqual([expect.objectContaining({ kind: 'not-recorded', reason: expect.stringContaining(`answered ${status}`) as string })]));
    expect(events[0]).toMatchObject({ reason: expect.stringContaining('does not follow it') as string });
  });

  it('the AWS SDK, given a redirect, gets an error and the session token never leaves for the other host', async () => {
    const elsewhere = await observer((_request, response) => response.end('{}'));
    const upstream = await observer((_request, response) => response.writeHead(307, { location: `${elsewhere.url}/steal` }).end());
    opened.push(elsewhere, upstream);
    const { recorder } = await recorderFor(upstream.url, sigv4);
    const client = new BedrockRuntimeClient({ endpoint: recorder.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIACLIENT', secretAccessKey: 'client' }, maxAttempts: 1 });
    try {
      await expect(client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'hello' }] }] }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 307 } });
    } finally {
      client.destroy();
    }
    expect(upstream.seen[0]?.headers['x-amz-security-token']).toBe('recorder-session-token');
    expect(elsewhere.seen).toEqual([]);
  });
});

describe('the recorder refuses what a web page could send', () => {
  it('refuses a page on another origin, an opaque origin and a rebound host name, before anything is signed or sent', async () => {
    const upstream = await observer((_request, response) => response.end('{}'));
    opened.push(upstream);
    const { recorder, events } = await recorderFor(upstream.url, apiKey);
    const path = `/model/${haiku}/converse`;
    const crossOrigin = await rawRequest(recorder.port, path, { origin: 'http://evil.example' });
    expect(crossOrigin).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' } });
    expect(crossOrigin.body).toContain('cross-origin requests');
    expect((await rawRequest(recorder.port, path, { origin: 'null' })).status).toBe(403);
    const rebound = await rawRequest(recorder.port, path, { host: `evil.example:${recorder.port}` });
    expect(rebound).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' } });
    expect(rebound.body).toContain('DNS-rebinding');
    expect(upstream.seen).toEqual([]);
    expect(events).toEqual([]);
  });

  it('forwards for programs on this machine and pages served from it', async () => {
    const upstream = await observer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    opened.push(upstream);
    const { recorder } = await recorderFor(upstream.url, apiKey);
    const path = `/model/${haiku}/count-tokens`;
    expect((await rawRequest(recorder.port, path)).status).toBe(200);
    expect((await rawRequest(recorder.port, path, { origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await rawRequest(recorder.port, path, { host: `localhost:${recorder.port}` })).status).toBe(200);
    expect(upstream.seen).toHaveLength(3);
    expect(upstream.seen[0]?.headers.authorization).toBe('Bearer ABSKrecorder-api-key');
  });

  it('bound beyond loopback, it forwards for other machines by address and still refuses a rebound name', async () => {
    const upstream = await observer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    opened.push(upstream);
    const { recorder } = await recorderFor(upstream.url, apiKey, '0.0.0.0');
    const path = `/model/${haiku}/count-tokens`;
    expect((await rawRequest(recorder.port, path, { host: `192.0.2.10:${recorder.port}` })).status).toBe(200);
    expect((await rawRequest(recorder.port, path, { host: `[2001:db8::1]:${recorder.port}` })).status).toBe(200);
    expect((await rawRequest(recorder.port, path, { host: `evil.example:${recorder.port}` })).status).toBe(403);
    expect((await rawRequest(recorder.port, path, { host: `192.0.2.10:${recorder.port}`, origin: 'http://evil.example' })).status).toBe(403);
    expect(upstream.seen).toHaveLength(2);
  });
});
