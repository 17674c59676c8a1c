import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { startWebSocketApi } from '../../src/aws-local/node/start-websocket-api.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { runMain } from '../support/run-main.ts';
import { claudeBody, haiku } from '../support/emulator.ts';

/** A request with headers fetch will not let a test set (Host), as a DNS-rebinding page's browser sends them. */
function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

const answerOf = async (url: string): Promise<string> => {
  const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('anything') });
  return ((await response.json()) as { content: { text: string }[] }).content[0]?.text ?? '';
};

describe('the control routes, bound to loopback', () => {
  const started = startEmulator({ fixtures: [], defaultText: 'the real answer' });
  afterAll(async () => (await started).close());

  it('refuse a cross-origin page: a text/plain POST that needs no preflight adds no fixture and resets nothing', async () => {
    const { url } = await started;
    const attack = { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{"priority":1000,"response":{"text":"pwned"}}' };
    const added = await fetch(`${url}/_emulator/fixtures`, attack);
    expect(added.status).toBe(403);
    expect(((await added.json()) as { message: string }).message).toMatch(/cross-origin requests to \/_emulator\/fixtures are refused \(Origin http:\/\/evil\.example\)/);
    expect((await fetch(`${url}/_emulator/reset`, { method: 'POST', headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${url}/_emulator/calls`, { headers: { Origin: 'null' } })).status).toBe(403);
    // Spelt with percent-escapes, it is the same route to the router, and the same refusal.
    for (const path of ['/%5Femulator/reset', '/%5F%65mulator/fixtures']) {
      const escaped = await fetch(`${url}${path}`, attack);
      expect(escaped.status, path).toBe(403);
    }
    expect(await answerOf(url)).toBe('the real answer');
  });

  it('refuse a DNS-rebinding page (a foreign Host), and answer programs on this machine and local pages', async () => {
    const { url, port } = await started;
    const rebound = await rawRequest(`${url}/_emulator/calls`, { headers: { Host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('a DNS-rebinding page is refused');
    expect((await rawRequest(`${url}/_emulator/calls`, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await fetch(`${url}/_emulator/calls`)).status).toBe(200);
    expect((await fetch(`${url}/_emulator/calls`, { headers: { Origin: 'http://localhost:5173' } })).status).toBe(200);
    // Health stays open (readiness probes), and Bedrock's own routes are not control routes.
    expect((await rawRequest(`${url}/_emulator/health`, { headers: { Host: 'attacker.example' } })).status).toBe(200);
  });
});

describe('the control routes, bound beyond loopback', () => {
  it('need the token made and printed at start; with it they answer', async () => {
    const run = runMain(['start', '--host', '0.0.0.0', '--port', '0', '--speed', '0']);
    await run.listening();
    const token = /control routes \(\/_emulator\/\) need the token (\S+) /.exec(run.output().stdout)?.[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(20);
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(run.output().stdout)?.[1] ?? '';
    const url = `http://127.0.0.1:${port}`;
    const refused = await fetch(`${url}/_emulator/calls`);
    expect(refused.status).toBe(401);
    expect((await fetch(`${url}/_emulator/calls`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/_emulator/calls`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await rawRequest(`${url}/_emulator/reset`, { method: 'POST', headers: { Host: `192.0.2.1:${port}`, 'X-Emulator-Token': token } })).status).toBe(200);
    // A page elsewhere is refused even with the token in hand.
    expect((await fetch(`${url}/_emulator/calls`, { headers: { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' } })).status).toBe(403);
    expect(await run.stop()).toBe(0);
  });

  it('take the token given with --control-token', async () => {
    const run = runMain(['start', '--host', '0.0.0.0', '--port', '0', '--control-token', 'my-own-secret-token-123']);
    await run.listening();
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(run.output().stdout)?.[1] ?? '';
    expect((await fetch(`http://127.0.0.1:${port}/_emulator/calls`, { headers: { Authorization: 'Bearer my-own-secret-token-123' } })).status).toBe(200);
    expect(await run.stop()).toBe(0);
  });
});

describe('the Lambda API and @connections', () => {
  it('refuse a web page on another origin, while the Function URL and the WebSocket stay open to browsers', async () => {
    const host = await startLambdaHost({ handler: 'test/aws-local/handlers/semantics.ts#classic' });
    const api = await startWebSocketApi({ routes: [{ routeKey: '$default', handler: 'test/aws-local/handlers/websocket.ts#message' }] });
    try {
      const invoke = await fetch(`${host.url}2015-03-31/functions/semantics/invocations`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{}' });
      expect(invoke.status).toBe(403);
      expect((await fetch(`${host.url}classic`, { method: 'POST', headers: { Origin: 'http://evil.example' } })).status).toBe(202);
      const post = await fetch(`${api.managementEndpoint}/@connections/abc`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: 'hi' });
      expect(post.status).toBe(403);
      expect((await fetch(`${api.managementEndpoint}/%40connections/abc`, { method: 'GET', headers: { Origin: 'http://evil.example' } })).status).toBe(403);
      // The @connections app decodes %2F too: a slash spelt so is the same path to it, and the same refusal.
      const stage = new URL(api.managementEndpoint).pathname;
      for (const path of [`${stage}%2F@connections/abc`, `${stage}%2F%40connections%2Fabc`]) {
        const escaped = await fetch(new URL(path, api.managementEndpoint), { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: 'hi' });
        expect(escaped.status, path).toBe(403);
      }
      expect((await fetch(`${api.managementEndpoint}/@connections/abc`, { method: 'GET' })).status).toBe(410);
    } finally {
      await Promise.all([host.close(), api.close()]);
    }
  });
});
