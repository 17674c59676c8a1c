import { ApiGatewayManagementApiClient, LimitExceededException, PayloadTooLargeException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebSocketApi, type RunningWebSocketApiHost } from '../../src/aws-local/node/start-websocket-api.ts';
import { credentials, eventually, region } from '../support/emulator.ts';

const handlers = 'test/aws-local/handlers/websocket.ts';
const maxMessageBytes = 128 * 1024;
/** Smaller than the 1 MiB default, so that the option is what is tested. */
const maxBufferedBytes = 384 * 1024;

/** A client that keeps every message it reads, and its connection id (asked of the echo route). */
type Client = { ws: WebSocket; id: string; messages: Buffer[] };

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const messages: Buffer[] = [];
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const echoed = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
  ws.send(JSON.stringify({ action: 'echo' }));
  const id = (JSON.parse(await echoed) as { requestContext: { connectionId: string } }).requestContext.connectionId;
  ws.on('message', (data: Buffer) => messages.push(data));
  return { ws, id, messages };
}

/** A raw POST to `@connections`, answered with its status and error type. */
async function post(api: RunningWebSocketApiHost, connectionId: string, body: Uint8Array): Promise<{ status: number; errorType: string | null; message: string }> {
  const response = await fetch(`${api.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`, { method: 'POST', body });
  const text = await response.text();
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), message: text === '' ? '' : (JSON.parse(text) as { message: string }).message };
}

/** A 128 KB message that says which it is, so the client can tell that none was lost or reordered. */
const numbered = (index: number): Uint8Array => new TextEncoder().encode(`${String(index).padStart(6, '0')}:${'m'.repeat(maxMessageBytes - 7)}`);

describe('WebSocket API: a client that stops reading, and oversize @connections posts', () => {
  let api: RunningWebSocketApiHost;
  let management: ApiGatewayManagementApiClient;
  beforeAll(async () => {
    api = await startWebSocketApi({ routes: [{ routeKey: 'echo', handler: `${handlers}#message`, routeResponse: true }], limits: { maxBufferedBytes } });
    management = new ApiGatewayManagementApiClient({ endpoint: api.managementEndpoint, region, credentials });
  }, 30_000);
  afterAll(async () => {
    management.destroy();
    await api.close();
  });

  it('keeps what waits for a client that is not reading within maxBufferedBytes: further posts get 429 LimitExceededException, another client is served, and the client gets every accepted message once it reads again', async () => {
    const slow = await connect(api.url);
    const good = await connect(api.url);
    slow.ws.pause();
    let accepted = 0;
    let toGood = 0;
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    // The kernel's socket buffers take a few MB before anything waits in the server: 400 posts
    // (50 MB) is far more than they hold.
    for (let index = 0; index < 400 && refused === undefined; index++) {
      const answer = await post(api, slow.id, numbered(index));
      if (answer.status === 200) accepted += 1;
      else refused = answer;
      expect(api.api.bufferedBytes(slow.id)).toBeLessThanOrEqual(maxBufferedBytes);
      if (index % 10 === 0) {
        expect((await post(api, good.id, new TextEncoder().encode(`to the good client ${index}`))).status).toBe(200);
        toGood += 1;
      }
    }
    expect(refused).toMatchObject({ status: 429, errorType: 'LimitExceededException' });
    expect(refused?.message).toContain(`${maxBufferedBytes}-byte limit`);
    // More posts change nothing: all refused, nothing more held.
    for (let index = 0; index < 20; index++) {
      expect((await post(api, slow.id, numbered(accepted + index))).status).toBe(429);
      expect(api.api.bufferedBytes(slow.id)).toBeLessThanOrEqual(maxBufferedBytes);
    }
    // The AWS SDK retries it as throttling, then surfaces it by its type.
    const fromSdk: unknown = await management.send(new PostToConnectionCommand({ ConnectionId: slow.id, Data: numbered(0) })).catch((error: unknown) => error);
    expect(fromSdk).toBeInstanceOf(LimitExceededException);
    expect((fromSdk as LimitExceededException).$metadata).toMatchObject({ httpStatusCode: 429, attempts: 3 });
    // Meanwhile the well-behaved client got all of its messages, and the connection stays open.
    await eventually(() => expect(good.messages.length).toBe(toGood));
    expect(slow.ws.readyState).toBe(WebSocket.OPEN);
    slow.ws.resume();
    await eventually(() => expect(slow.messages.length).toBe(accepted), 10_000);
    expect(slow.messages.map((message) => message.subarray(0, 6).toString())).toEqual(Array.from({ length: accepted }, (_, index) => String(index).padStart(6, '0')));
    expect(slow.messages.every((message) => message.length === maxMessageBytes)).toBe(true);
    expect((await post(api, slow.id, new TextEncoder().encode('reading again'))).status).toBe(200);
    await eventually(() => expect(slow.messages.at(-1)?.toString()).toBe('reading again'));
    slow.ws.close();
    good.ws.close();
  });

  it('refuses a post over 128 KB with 413 PayloadTooLargeException, as the AWS SDK reads it, and sends nothing', async () => {
    const client = await connect(api.url);
    const refused: unknown = await management.send(new PostToConnectionCommand({ ConnectionId: client.id, Data: new Uint8Array(maxMessageBytes + 1) })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PayloadTooLargeException);
    expect((refused as PayloadTooLargeException).$metadata.httpStatusCode).toBe(413);
    expect((refused as PayloadTooLargeException).message).toBe(`Message exceeds the ${maxMessageBytes}-byte limit.`);
    await management.send(new PostToConnectionCommand({ ConnectionId: client.id, Data: 'still open' }));
    await eventually(() => expect(client.messages.map(String)).toEqual(['still open']));
    client.ws.close();
  });

  it.each([
    ['by its Content-Length, before any of the body', { 'content-length': String(64 * 1024 * 1024) }, 0],
    ['chunked, as soon as the bytes so far pass 128 KB', {}, maxMessageBytes + 64 * 1024],
  ] as const)('refuses an oversize post %s: the answer comes while the client still has most of it to send, and the rest is not read', async (_name, headers, firstBytes) => {
    const client = await connect(api.url);
    const total = 64 * 1024 * 1024;
    const request = http.request(`${api.managementEndpoint}/@connections/${encodeURIComponent(client.id)}`, { method: 'POST', headers, agent: false });
    const closed = new Promise<void>((resolve) => request.once('close', resolve));
    request.on('error', () => undefined);
    const answered = new Promise<{ status: number; errorType: string | undefined; body: string }>((resolve) =>
      request.once('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, errorType: response.headers['x-amzn-errortype'] as string | undefined, body }));
      }),
    );
    // Only the head (and the first bytes), then wait: a server that reads the whole body first never answers.
    request.flushHeaders();
    let written = 0;
    for (; written < firstBytes; written += 16 * 1024) request.write(Buffer.alloc(16 * 1024, 'z'));
    const waited = new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 5000).unref());
    const answer = await Promise.race([answered, waited]);
    expect(answer).toEqual({ status: 413, errorType: 'PayloadTooLargeException', body: JSON.stringify({ message: `Message exceeds the ${maxMessageBytes}-byte limit.` }) });
    // Go on sending at the pace the connection takes it: it closes long before the rest is through.
    let ended = false;
    void closed.then(() => (ended = true));
    const chunk = Buffer.alloc(64 * 1024, 'z');
    while (!ended && written < total) {
      written += chunk.length;
      if (!request.write(chunk)) await Promise.race([new Promise((resolve) => request.once('drain', resolve)), closed]);
    }
    await closed;
    expect(written).toBeLessThan(total);
    expect(client.messages).toEqual([]);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('refuses a buffering limit smaller than one message at start', async () => {
    await expect(startWebSocketApi({ routes: [], limits: { maxBufferedBytes: maxMessageBytes - 1 } })).rejects.toThrow(`maxBufferedBytes must be at least maxMessageBytes (${maxMessageBytes})`);
  });
});
