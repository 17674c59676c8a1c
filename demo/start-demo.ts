/**
 * The whole web chain, offline: the emulator (Bedrock), a local DynamoDB,
 * the shipped chat functions behind every front door — a WebSocket API
 * (chat-websocket, with Stop), a Function URL (chat-stream,
 * RESPONSE_STREAM), a REST API with a STREAM and a BUFFERED route — and the
 * chat page, served with a same-origin proxy to the HTTP doors (as a dev
 * server or a CDN path route would), so the page needs no CORS. The
 * WebSocket is reached directly.
 *
 * Used by `npm run demo` and by the browser tests.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listen, type RunningServer } from '../src/adapters/http/listen.ts';
import { serveFunctionUrl } from '../src/aws-local/node/start-lambda-host.ts';
import { startFunction, type RunningFunction } from '../src/aws-local/node/start-function.ts';
import { serveRestApi } from '../src/aws-local/node/start-rest-api.ts';
import { startWebSocketApi } from '../src/aws-local/node/start-websocket-api.ts';
import { startEmulator } from '../src/adapters/node/start-emulator.ts';
import { startLocalDynamoDb } from '../src/aws-local/stack/local-dynamodb.ts';

export type DemoOptions = {
  /** Multiplies every fixture delay (0.1 = ten times faster). Default 1. */
  readonly speed?: number;
  /** The REST API's integration timeout for its BUFFERED route. Default 29,000 ms, API Gateway's. */
  readonly integrationTimeoutMs?: number;
  /** `runtime` (each function under the real runtime interface client) or `in-process` (default). */
  readonly mode?: 'in-process' | 'runtime';
  /** The page's port. Default 0 (free). */
  readonly port?: number;
  readonly onLog?: (line: string) => void;
};

export type RunningDemo = {
  /** The chat page. */
  readonly pageUrl: string;
  readonly emulatorUrl: string;
  readonly webSocketUrl: string;
  readonly functionUrl: string;
  readonly restApiUrl: string;
  /** The functions, to read their invocations. */
  readonly functions: { readonly chatStream: RunningFunction; readonly chatBuffered: RunningFunction };
  /** The emulator's journal: every Bedrock call and how it ended. */
  readonly bedrockCalls: () => ReturnType<Awaited<ReturnType<typeof startEmulator>>['emulator']['calls']>;
  close(): Promise<void>;
};

const repoRoot = path.resolve(import.meta.dirname, '..');
const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const step of closers.reverse()) await step();
  };
  try {
    const emulator = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: options.speed ?? 1 });
    closers.push(() => emulator.close());
    const dynamodb = await startLocalDynamoDb({ tables: [{ name: 'generations', partitionKey: { name: 'connectionId', type: 'S' }, timeToLiveAttribute: 'expiresAt' }] });
    closers.push(() => dynamodb.close());
    const environment = { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url, AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, MODEL_ID: modelId, GENERATIONS_TABLE: 'generations', MAX_TOKENS: '4096' };
    const common = { mode: options.mode ?? 'in-process', timeoutSeconds: 300, environment, ...(options.onLog === undefined ? {} : { onLog: options.onLog }) } as const;
    const chatHandler = path.join(repoRoot, 'src/functions/chat-websocket/index.ts#handler');
    const webSocket = await startWebSocketApi({ ...common, routes: ['$connect', '$disconnect', 'chat', 'stop', '$default'].map((routeKey) => ({ routeKey, handler: chatHandler, routeResponse: routeKey === '$default' })) });
    closers.push(() => webSocket.close());
    const chatStream = await startFunction({ ...common, functionName: 'chat-stream', handler: path.join(repoRoot, 'src/functions/chat-stream/index.ts#handler') });
    closers.push(() => chatStream.close());
    const chatBuffered = await startFunction({ ...common, functionName: 'chat-buffered', handler: path.join(repoRoot, 'src/functions/chat-stream/index.ts#bufferedHandler') });
    closers.push(() => chatBuffered.close());
    const functionUrl = await serveFunctionUrl(chatStream, { invokeMode: 'RESPONSE_STREAM', port: 0 });
    closers.push(() => functionUrl.close());
    const rest = await serveRestApi({
      port: 0,
      stage: 'prod',
      name: 'chat',
      routes: [
        // A streamed answer may take up to 15 minutes when its integration timeout allows it.
        { resource: '/chat-stream', method: 'POST', fn: chatStream.fn, transferMode: 'STREAM', integrationTimeoutMs: 15 * 60_000 },
        { resource: '/chat', method: 'POST', fn: chatBuffered.fn, transferMode: 'BUFFERED', integrationTimeoutMs: options.integrationTimeoutMs ?? 29_000 },
      ],
    });
    closers.push(() => rest.close());
    const page = await servePage({ port: options.port ?? 0, webSocketUrl: webSocket.url, upstreams: { '/api/function-url': functionUrl.url.replace(/\/$/, ''), '/api/rest': rest.url } });
    closers.push(() => page.close());
    return {
      pageUrl: `${page.url}/`,
      emulatorUrl: emulator.url,
      webSocketUrl: webSocket.url,
      functionUrl: functionUrl.url,
      restApiUrl: rest.url,
      functions: { chatStream, chatBuffered },
      bedrockCalls: () => emulator.emulator.calls(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The page, its script, its settings, and a streaming same-origin proxy to the HTTP front doors. */
async function servePage(options: { port: number; webSocketUrl: string; upstreams: Readonly<Record<string, string>> }): Promise<RunningServer> {
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
    '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  };
  return listen(
    async (request) => {
      const url = new URL(request.url);
      const asset = files[url.pathname];
      if (asset !== undefined) return new Response(await readFile(path.join(import.meta.dirname, 'page', asset.file)), { headers: { 'Content-Type': asset.type, 'Cache-Control': 'no-store' } });
      if (url.pathname === '/config.json') return Response.json({ webSocketUrl: options.webSocketUrl });
      const prefix = Object.keys(options.upstreams).find((candidate) => url.pathname === candidate || url.pathname.startsWith(`${candidate}/`));
      if (prefix === undefined) return new Response('Not found', { status: 404 });
      // A client that leaves before the answer's head ends the upstream call. Once the body flows,
      // the server cancels it when the client leaves, which ends the upstream call quietly; the
      // request's signal would instead fail the body with its abort reason, which the node server
      // prints as an error ("Client connection prematurely closed.").
      const untilHead = new AbortController();
      const leave = (): void => untilHead.abort();
      request.signal.addEventListener('abort', leave, { once: true });
      // Status, headers and body pass through as they come: a 504 stays a 504, a stream stays a stream.
      const upstream = await fetch(`${options.upstreams[prefix] ?? ''}${url.pathname.slice(prefix.length)}${url.search}`, {
        method: request.method,
        headers: { 'Content-Type': request.headers.get('content-type') ?? 'application/json' },
        ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: await request.arrayBuffer() }),
        signal: untilHead.signal,
      }).finally(() => request.signal.removeEventListener('abort', leave));
      const headers = new Headers(upstream.headers);
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      return new Response(upstream.body, { status: upstream.status, headers });
    },
    { port: options.port },
  );
}
