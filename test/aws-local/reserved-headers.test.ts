import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction, type RunningFunction } from '../../src/aws-local/node/start-function.ts';
import { serveFunctionUrl } from '../../src/aws-local/node/start-lambda-host.ts';
import { serveHttpApi } from '../../src/aws-local/node/start-http-api.ts';
import { serveRestApi } from '../../src/aws-local/node/start-rest-api.ts';

const handlers = 'test/aws-local/handlers/reserved-headers.ts';

/** An answer as the client got it: header names lower-cased, in order, repeats kept. */
type Answer = { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: string };

/**
 * One GET over HTTP/1.1 on a raw socket (keep-alive, as clients ask), the
 * head read as sent — so both framings would show — and the body unframed.
 */
async function getHttp1(base: string, path: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
  let received = Buffer.alloc(0);
  try {
    for await (const chunk of socket) {
      received = Buffer.concat([received, chunk as Buffer]);
      const answer = parseHttp1(received);
      if (answer !== undefined) return answer;
    }
  } finally {
    socket.destroy();
  }
  throw new Error(`the connection closed before a whole answer: ${received.toString('latin1')}`);
}

function parseHttp1(received: Buffer): Answer | undefined {
  const headEnd = received.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = received.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const);
  const rest = received.subarray(headEnd + 4);
  const status = Number(statusLine.split(' ')[1]);
  if (headers.some(([name, value]) => name === 'transfer-encoding' && value === 'chunked')) {
    if (!rest.toString('latin1').endsWith('0\r\n\r\n')) return undefined;
    let body = '';
    for (let at = 0; ; ) {
      const lineEnd = rest.indexOf('\r\n', at);
      const size = Number.parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) return { status, headers, body };
      body += rest.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? '0');
  return rest.length >= length ? { status, headers, body: rest.subarray(0, length).toString('utf8') } : undefined;
}

/** One GET over cleartext HTTP/2 (prior knowledge, as the AWS SDK speaks it). */
async function getHttp2(base: string, path: string): Promise<Answer> {
  const session = http2.connect(base);
  session.on('error', () => undefined);
  try {
    const stream = session.request({ ':method': 'GET', ':path': path });
    const head = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      stream.once('response', resolve);
      stream.once('error', reject);
    });
    let body = '';
    stream.setEncoding('utf8');
    for await (const chunk of stream) body += chunk as string;
    const headers = Object.entries(head).flatMap(([name, value]) => (name.startsWith(':') ? [] : (Array.isArray(value) ? value : [String(value)]).map((one) => [name, one] as const)));
    return { status: Number(head[':status']), headers, body };
  } finally {
    session.close();
  }
}

const protocols = { 'HTTP/1.1': getHttp1, 'HTTP/2': getHttp2 } as const;

/** The values the function gave the headers no door sends on as they are: none may reach the client. */
const droppedValues = ['timeout=99', 'h2c', 'gzip', 'X-Checksum', 'elsewhere.example', '999'];

function expectForwarded(answer: Answer, renames: boolean, protocol: keyof typeof protocols): void {
  const values = (name: string) => answer.headers.filter(([header]) => header === name).map(([, value]) => value);
  expect([answer.status, answer.body]).toEqual([200, 'hello']);
  expect(values('x-kept')).toEqual(['yes']);
  // The connection's own headers are dropped: one framing, the server's, with the real length.
  for (const value of droppedValues) expect(answer.headers.map(([, sent]) => sent)).not.toContain(value);
  for (const name of ['upgrade', 'te', 'trailer', 'host', 'proxy-connection']) expect(values(name)).toEqual([]);
  expect(values('connection')).not.toContain('close');
  if (protocol === 'HTTP/2') expect(values('transfer-encoding')).toEqual([]);
  else expect(values('transfer-encoding').length + values('content-length').length).toBe(1);
  expect(values('content-length').every((length) => length === '5')).toBe(true);
  if (renames) {
    expect([values('x-amzn-remapped-www-authenticate'), values('x-amzn-remapped-connection'), values('x-amzn-remapped-server')]).toEqual([['Basic realm="local"'], ['close'], ['my-function']]);
    expect([values('www-authenticate'), values('server')]).toEqual([[], []]);
  } else {
    expect([values('www-authenticate'), values('server')]).toEqual([['Basic realm="local"'], ['my-function']]);
    expect(answer.headers.filter(([name]) => name.startsWith('x-amzn-remapped-'))).toEqual([]);
  }
}

describe.each(['in-process', 'runtime'] as const)('headers a function may not send as they are, %s mode', (mode) => {
  let classic: RunningFunction;
  let streaming: RunningFunction;
  const doors: Record<string, { url: string; close(): Promise<void> }> = {};
  beforeAll(async () => {
    const common = { mode, timeoutSeconds: 10, onLog: () => undefined } as const;
    [classic, streaming] = await Promise.all([startFunction({ ...common, handler: `${handlers}#classic`, functionName: 'classic' }), startFunction({ ...common, handler: `${handlers}#streaming`, functionName: 'streaming' })]);
    const [urlStream, urlClassic, urlBuffered, rest, httpApi] = await Promise.all([
      serveFunctionUrl(streaming, { invokeMode: 'RESPONSE_STREAM' }),
      serveFunctionUrl(classic, { invokeMode: 'RESPONSE_STREAM' }),
      serveFunctionUrl(streaming, { invokeMode: 'BUFFERED' }),
      serveRestApi({
        stage: 'prod',
        limits: { integrationTimeoutMs: 10_000 },
        routes: [
          { resource: '/buffered', method: 'ANY', fn: classic.fn },
          { resource: '/stream', method: 'ANY', fn: streaming.fn, transferMode: 'STREAM', integrationTimeoutMs: 10_000 },
        ],
      }),
      serveHttpApi({ routes: [{ routeKey: '$default', fn: classic.fn }] }),
    ]);
    Object.assign(doors, { urlStream, urlClassic, urlBuffered, rest, httpApi });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(Object.values(doors).map((door) => door.close()));
    await Promise.all([classic.close(), streaming.close()]);
  });

  const cases = [
    ['a Function URL, streamed (HttpResponseStream.from)', 'urlStream', '/', true],
    ['a Function URL, a classic result', 'urlClassic', '/', true],
    ['a BUFFERED Function URL, a streamed prelude', 'urlBuffered', '/', true],
    ['a REST API, BUFFERED', 'rest', '/prod/buffered', true],
    ['a REST API, STREAM', 'rest', '/prod/stream', true],
    ['an HTTP API', 'httpApi', '/', false],
  ] as const;

  describe.each(Object.keys(protocols) as (keyof typeof protocols)[])('over %s', (protocol) => {
    it.each(cases)('%s: drops the connection headers, frames the body once, renames what AWS renames', async (_door, door, path, renames) => {
      const url = doors[door]?.url ?? '';
      expectForwarded(await protocols[protocol](url, path), renames, protocol);
      // The host serves on, and the function's invocations all completed.
      expectForwarded(await protocols[protocol](url, path), renames, protocol);
      expect([...classic.invocations(), ...streaming.invocations()].filter((invocation) => invocation.error !== undefined)).toEqual([]);
    });
  });
});
