/**
 * The hostile mix against the surfaces beside the Bedrock routes, run by
 * `npm run soak` after its rounds: the recorder given paths and redirects
 * that name other hosts, results no front door can send, hostile SAM
 * templates, headers a door drops or renames and a handler that exits, a
 * WebSocket client that stops reading, and large legal prompts
 * beside small calls. While each phase runs, well-behaved clients keep
 * calling (the emulator's health route and a small InvokeModel, a Function
 * URL, a WebSocket post to a reading client); the figures are each phase's
 * peak RSS and the worst wait of those clients. Not a test: it prints figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startLambdaHost, startHttpApi, startRestApi, startWebSocketApi } from '../src/aws-local/node/index.ts';
import type { RunningEmulator } from '../src/adapters/node/start-emulator.ts';
import { startRecorder } from '../src/recorder/start-recorder.ts';
import { readTemplate } from '../src/aws-local/stack/read-template.ts';

/** A phase's figures. */
export type PhaseReport = { readonly name: string; readonly peakRssMb: number; readonly worstWaitMs: Readonly<Record<string, number>>; readonly outcomes: Readonly<Record<string, number>> };

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const claudeBody = (text: string): string => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: text }] });
const probePrompt = 'a well-behaved probe';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The results a handler may give that no door can send, by the path's last segment; anything else is fine. */
const handlerSource = `
const results = {
  circular: () => { const r = { statusCode: 200, body: 'x' }; r.self = r; return r; },
  bigint: () => ({ statusCode: 200, body: 'x', n: 1n }),
  'to-json-throws': () => ({ statusCode: 200, toJSON() { throw new Error('no JSON'); } }),
  'function-result': () => () => 1,
  'throws-prototype-less': () => { throw Object.create(null); },
  'header-newline': () => ({ statusCode: 200, headers: { 'X-A': 'one\\r\\nX-Injected: two' }, body: 'x' }),
  'header-space': () => ({ statusCode: 200, headers: { 'X Spaced': '1' }, body: 'x' }),
  'status-informational': () => ({ statusCode: 103, body: 'x' }),
  // Headers a door drops or renames (hop-by-hop, reserved), as teaching material writes them.
  'reserved-headers': () => ({ statusCode: 200, headers: { 'Transfer-Encoding': 'chunked', Connection: 'close', 'Keep-Alive': 'timeout=99', Upgrade: 'h2c', TE: 'gzip', 'Content-Length': '999', 'WWW-Authenticate': 'Basic' }, body: 'hello' }),
  // An exit that leaves a throwing timer behind in the environment it ends.
  exit: () => { setTimeout(() => { throw new Error('left behind'); }, 1); process.exit(3); },
};
export const handler = async (event) => {
  const path = event.rawPath ?? event.path ?? '/';
  const name = path.slice(path.lastIndexOf('/') + 1);
  return Object.hasOwn(results, name) ? results[name]() : { statusCode: 200, body: 'fine' };
};
export const ws = async () => ({ statusCode: 200 });
`;
const hostileNames = ['circular', 'bigint', 'to-json-throws', 'function-result', 'throws-prototype-less', 'header-newline', 'header-space', 'status-informational'];

/**
 * Runs every phase and tells each one's figures as it ends. `emulator`
 * serves the well-behaved Bedrock calls (and the large prompts: it should
 * have the bundled fixtures loaded).
 */
export async function soakSurfaces(emulator: RunningEmulator, onPhase: (report: PhaseReport) => void): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bedrock-emulator-soak-'));
  const handlerFile = path.join(folder, 'handler.mjs');
  writeFileSync(handlerFile, handlerSource);
  const quiet = { onLog: () => undefined };
  // The probe's own fixture answers at once: its wait is the server's, not a fixture's timing.
  await fetch(`${emulator.url}/_emulator/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'soak probe', match: { lastUserMessage: probePrompt }, response: { text: 'ok' }, timing: 'instant' }) });
  const functionUrl = await startLambdaHost({ handler: `${handlerFile}#handler`, port: 0, ...quiet });
  const rest = await startRestApi({ handler: `${handlerFile}#handler`, port: 0, ...quiet });
  const httpApi = await startHttpApi({ handler: `${handlerFile}#handler`, port: 0, ...quiet });
  // No $default route: a message with any other action gets the error frame that names its connection.
  const webSocket = await startWebSocketApi({ routes: [{ routeKey: 'noop', handler: `${handlerFile}#ws` }], port: 0, ...quiet });
  const reader = await openWebSocket(webSocket.url);
  try {
    const probes: Record<string, () => Promise<unknown>> = {
      'emulator health': () => fetch(`${emulator.url}/_emulator/health`).then((response) => response.text()),
      'small InvokeModel': () => fetch(`${emulator.url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody(probePrompt) }).then((response) => response.text()),
      'Function URL': () => fetch(`${functionUrl.url}fine`).then((response) => response.text()),
      'WebSocket post to a reading client': () => reader.roundTrip(`${webSocket.managementEndpoint}/@connections/${reader.connectionId}`),
    };
    const phase = async (name: string, work: (count: (key: string) => void) => Promise<void>): Promise<void> => {
      onPhase(await measured(name, probes, work));
    };

    await phase('recorder: paths and redirects naming other hosts', (count) => recorderMix(count));
    await phase('results no door can send (Function URL, REST, HTTP API)', async (count) => {
      for (let round = 0; round < 40; round++) {
        for (const name of hostileNames) {
          for (const [door, url] of [['function-url', `${functionUrl.url}${name}`], ['rest', `${rest.url}/${name}`], ['http-api', `${httpApi.url}/${name}`]] as const) {
            const response = await fetch(url);
            await response.arrayBuffer();
            count(`${door} ${response.status}${response.headers.has('x-injected') ? ' INJECTED' : ''}`);
          }
        }
      }
      count(`invocation log kept ${functionUrl.invocations().length}/${rest.invocations().length}/${httpApi.invocations().length}`);
    });
    await phase('reserved headers and process.exit() in process (Function URL, REST, HTTP API)', (count) => headersAndExits(handlerFile, count));
    await phase('a WebSocket client that stops reading', (count) => nonReadingClient(webSocket.url, webSocket.managementEndpoint, (id) => webSocket.api.bufferedBytes(id), count));
    await phase('hostile SAM templates', (count) => hostileTemplates(folder, count));
    // Built before the phase: the bodies cost this process time to make, which the probes would count.
    const bodies = largePromptBodies();
    await phase('large legal prompts beside small calls', (count) => largePrompts(emulator.url, bodies, count));
  } finally {
    reader.close();
    await Promise.all([functionUrl.close(), rest.close(), httpApi.close(), webSocket.close()]);
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Reserved and hop-by-hop headers from a handler, then a handler that exits,
 * at each door over HTTP/1.1, on hosts of their own (in process, an exit
 * fails the calls under way in the same host: the probes must not be those).
 */
async function headersAndExits(handlerFile: string, count: (key: string) => void): Promise<void> {
  const quiet = { onLog: () => undefined };
  const doors = [
    ['function-url', await startLambdaHost({ handler: `${handlerFile}#handler`, port: 0, ...quiet })],
    ['rest', await startRestApi({ handler: `${handlerFile}#handler`, port: 0, ...quiet })],
    ['http-api', await startHttpApi({ handler: `${handlerFile}#handler`, port: 0, ...quiet })],
  ] as const;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  try {
    for (let round = 0; round < 100; round++) {
      for (const [door, running] of doors) {
        const base = running.url.endsWith('/') ? running.url : `${running.url}/`;
        const response = await fetch(`${base}reserved-headers`);
        const body = await response.text();
        const framing = response.headers.has('transfer-encoding') && response.headers.has('content-length') ? ' BOTH FRAMINGS' : '';
        count(`${door} headers ${response.status} ${body === 'hello' ? 'hello' : 'OTHER BODY'}${framing}`);
        const exited = await fetch(`${base}exit`);
        await exited.arrayBuffer();
        count(`${door} exit ${exited.status}`);
        const after = await fetch(`${base}fine`);
        count(`${door} next call ${after.status} ${await after.text()}`);
      }
    }
    globalThis.gc?.();
    count(`heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024)} KB after 300 exits`);
  } finally {
    await Promise.all(doors.map(([, running]) => running.close()));
  }
}

/** Runs `work` while every probe calls again as soon as it has its answer; the peak RSS and each probe's worst wait. */
async function measured(name: string, probes: Record<string, () => Promise<unknown>>, work: (count: (key: string) => void) => Promise<void>): Promise<PhaseReport> {
  const outcomes: Record<string, number> = {};
  const worstWaitMs: Record<string, number> = {};
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  let running = true;
  const probing = Object.entries(probes).map(async ([probe, call]) => {
    worstWaitMs[probe] = 0;
    while (running) {
      const startedAt = performance.now();
      await call().catch(() => (outcomes[`${probe} failed`] = (outcomes[`${probe} failed`] ?? 0) + 1));
      worstWaitMs[probe] = Math.max(worstWaitMs[probe] ?? 0, performance.now() - startedAt);
      await sleep(20);
    }
  });
  try {
    await work((key) => (outcomes[key] = (outcomes[key] ?? 0) + 1));
  } finally {
    running = false;
    await Promise.all(probing);
    clearInterval(sampler);
  }
  return { name, peakRssMb: Math.round(peakRss / 1024 / 1024), worstWaitMs: Object.fromEntries(Object.entries(worstWaitMs).map(([probe, ms]) => [probe, Math.round(ms)])), outcomes };
}

/** A server that keeps count of what reached it and answers as told. */
async function countingServer(answer: (response: http.ServerResponse) => void): Promise<{ url: string; port: number; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = http.createServer((request, response) => {
    hits += 1;
    request.resume();
    request.once('end', () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, hits: () => hits, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** A POST with its path exactly as given, and any Host or Origin. */
function rawPost(port: number, requestPath: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request({ host: '127.0.0.1', port, path: requestPath, method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.end('{}');
  });
}

/** Paths that name another host, upstream redirects to it, and requests a web page could send: the other host must see nothing. */
async function recorderMix(count: (key: string) => void): Promise<void> {
  const attacker = await countingServer((response) => response.end('thanks'));
  const redirecting = await countingServer((response) => response.writeHead(307, { location: `${attacker.url}/steal` }).end());
  const upstream = await countingServer((response) => response.writeHead(404).end('{}'));
  const options = { region: 'us-east-1', fixturesDir: path.join(os.tmpdir(), 'bedrock-emulator-soak-recorded'), matchBy: ['model'] as const, exactTiming: false, force: false, mode: 'record-all' as const, port: 0, onRecorded: () => undefined };
  const auth = { kind: 'sigv4' as const, credentials: { accessKeyId: 'AKIASOAK', secretAccessKey: 'soak', sessionToken: 'soak-session' } };
  const recorder = await startRecorder({ ...options, upstream: upstream.url, auth, matchBy: [...options.matchBy] });
  const redirected = await startRecorder({ ...options, upstream: redirecting.url, auth: { kind: 'api-key', token: 'ABSKsoak' }, matchBy: [...options.matchBy] });
  try {
    const host = `127.0.0.1:${attacker.port}`;
    for (let round = 0; round < 100; round++) {
      for (const hostile of [`//${host}/x`, `/..//${host}/x`, `/.//${host}/x`, `///${host}/x`]) count(`path naming a host → ${await rawPost(recorder.port, hostile)}`);
      count(`upstream redirect → ${await rawPost(redirected.port, `/model/${haiku}/converse`)}`);
      count(`foreign Origin → ${await rawPost(recorder.port, `/model/${haiku}/converse`, { origin: 'http://evil.example' })}`);
      count(`rebound Host → ${await rawPost(recorder.port, `/model/${haiku}/converse`, { host: 'evil.example' })}`);
    }
    count(`requests that reached the other host: ${attacker.hits()}`);
  } finally {
    await Promise.all([recorder.close(), redirected.close(), attacker.close(), redirecting.close(), upstream.close()]);
  }
}

/** A WebSocket client that knows its connection id, and times a post to itself until it arrives. */
async function openWebSocket(url: string): Promise<{ connectionId: string; roundTrip(postUrl: string): Promise<void>; pause(): void; close(): void; socket: WebSocket }> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => (socket.once('open', () => resolve()), socket.once('error', reject)));
  const connectionId = await connectionIdOf(socket);
  let waiting: (() => void) | undefined;
  socket.on('message', () => waiting?.());
  return {
    connectionId,
    socket,
    roundTrip: async (postUrl) => {
      const received = new Promise<void>((resolve) => (waiting = resolve));
      const response = await fetch(postUrl, { method: 'POST', body: 'ping' });
      if (response.status !== 200) throw new Error(`post answered ${response.status}`);
      await received;
    },
    pause: () => socket.pause(),
    close: () => socket.close(),
  };
}

/** A connection's id, as API Gateway tells a client: in the error frame it sends for an action no route takes. */
async function connectionIdOf(socket: WebSocket): Promise<string> {
  const frame = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
  socket.send(JSON.stringify({ action: 'no-such-route' }));
  const parsed = JSON.parse(await frame) as { connectionId?: string };
  if (parsed.connectionId === undefined) throw new Error('no connection id in the error frame');
  return parsed.connectionId;
}

/** 1,500 posts of 128 KB to a client that has stopped reading: what is kept for it must stay bounded. */
async function nonReadingClient(url: string, management: string, bufferedBytes: (id: string) => number | undefined, count: (key: string) => void): Promise<void> {
  const stalled = await openWebSocket(url);
  stalled.pause();
  const message = new Uint8Array(128 * 1024).fill(0x61);
  let mostBuffered = 0;
  try {
    for (let post = 0; post < 1500; post++) {
      const response = await fetch(`${management}/@connections/${stalled.connectionId}`, { method: 'POST', body: message });
      await response.arrayBuffer();
      count(`post to the stalled client → ${response.status}`);
      mostBuffered = Math.max(mostBuffered, bufferedBytes(stalled.connectionId) ?? 0);
    }
    count(`most bytes kept for it: ${(mostBuffered / 1024).toFixed(0)} KB`);
  } finally {
    stalled.socket.terminate();
  }
}

/** Templates built to stall a parser or exhaust memory: each must be refused fast, and said. */
async function hostileTemplates(folder: string, count: (key: string) => void): Promise<void> {
  const laughs = ['Metadata:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) laughs.push(`  ${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  const nestedSub = (levels: number): string => {
    let value = '"x"';
    for (let level = 0; level < levels; level++) value = `{"Fn::Sub": ["\${a}\${a}", {"a": ${value}}]}`;
    return `{"Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "index.handler", "Runtime": "nodejs22.x", "Environment": {"Variables": {"X": ${value}}}}}}}`;
  };
  const manyKeys = `Resources: {}\nMetadata:\n${Array.from({ length: 30_000 }, (_, index) => `  k${index}: ${index}`).join('\n')}\n`;
  const manyAnchors = `Resources: {}\nMetadata:\n${Array.from({ length: 100_000 }, (_, index) => `  k${index}: &a${index} ${index}`).join('\n')}\n`;
  const huge = `Resources: {}\nMetadata:\n  blob: "${'x'.repeat(30 * 1024 * 1024)}"\n`;
  const templates: Record<string, string> = { 'billion laughs in Metadata': `${laughs.join('\n')}\nResources: {}\n`, 'Fn::Sub nested 40 deep': nestedSub(40), '30,000 keys in a mapping': manyKeys, '100,000 anchors': manyAnchors, 'a 30 MB template': huge };
  for (const [name, text] of Object.entries(templates)) {
    const file = path.join(folder, 'template.yaml');
    writeFileSync(file, text);
    const startedAt = performance.now();
    const outcome = await readTemplate(file).then(
      () => 'read',
      (error: Error) => `refused (${error.message.replace(/\s+/g, ' ').slice(0, 160)})`,
    );
    count(`${name}: ${outcome} in ${Math.round(performance.now() - startedAt)} ms`);
  }
}

/** InvokeModel, Converse and Chat Completions bodies with a legal 20 MB prompt, as bytes. */
function largePromptBodies(): [Uint8Array, Uint8Array, Uint8Array] {
  const prompt = 'All work and no play makes a long prompt. '.repeat(Math.ceil((20 * 1024 * 1024) / 42));
  const encoder = new TextEncoder();
  return [
    encoder.encode(claudeBody(prompt)),
    encoder.encode(JSON.stringify({ messages: [{ role: 'user', content: [{ text: prompt }] }] })),
    encoder.encode(JSON.stringify({ model: 'openai.gpt-oss-20b-1:0', messages: [{ role: 'user', content: prompt }] })),
  ];
}

/** The three 20 MB prompts at once through InvokeModel, Converse and Chat Completions, while the probes call. */
async function largePrompts(url: string, [invoke, converse, chat]: readonly [Uint8Array, Uint8Array, Uint8Array], count: (key: string) => void): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const calls = [
    fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', headers: json, body: invoke }),
    fetch(`${url}/model/${haiku}/converse`, { method: 'POST', headers: json, body: converse }),
    fetch(`${url}/openai/v1/chat/completions`, { method: 'POST', headers: json, body: chat }),
  ];
  const startedAt = performance.now();
  for (const [index, call] of calls.entries()) {
    const response = await call;
    await response.arrayBuffer();
    count(`20 MB ${['InvokeModel', 'Converse', 'Chat Completions'][index] ?? ''} → ${response.status} after ${Math.round(performance.now() - startedAt)} ms`);
  }
}
