/**
 * `npm run soak`: keeps a server under a mixed, seeded fault load (throttling,
 * server errors, mid-stream exceptions, drops, stalls cut by client timeouts,
 * plus clean streams over HTTP/1.1 and HTTP/2) and a hostile mix (bodies
 * nested 5,000 deep, 3 MB prompts, cross-origin and DNS-rebinding control
 * requests, prototype names, slowloris connections, a fixture regex built to
 * backtrack), and prints, after each round,
 * the heap after a full GC, the open handles by kind, the open sockets and
 * the streams still active. Flat numbers round after round mean nothing
 * leaks. Then the hostile mix against the other surfaces (scripts/soak-surfaces.ts:
 * the recorder, the Lambda doors, templates, WebSocket, large prompts), with
 * each phase's peak RSS and the worst wait of well-behaved clients.
 * `--surfaces-only` runs just that mix. Not a test: it prints figures.
 */
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { defineFixtures } from '../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../src/adapters/node/start-emulator.ts';
import { soakSurfaces } from './soak-surfaces.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, calls: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '25' }, 'surfaces-only': { type: 'boolean', default: false } } });
const rounds = values['surfaces-only'] ? 0 : Number(values.rounds);
const callsPerRound = Number(values.calls);
const concurrency = Number(values.concurrency);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run soak does)');

const server = await startEmulator({
  fixtures: defineFixtures([
    { match: { lastUserMessage: 'stall' }, response: { text: 'this one hangs', stall: { afterChunks: 2 } }, timing: 'fast' },
    { response: { text: 'A short streamed answer, a few tokens at a time, for the soak test.' }, timing: { timeToFirstTokenMs: 2, deltaIntervalMs: 1 } },
  ]),
  faults: {
    seed: 42,
    rules: [
      { fault: 'ThrottlingException', rate: 0.1 },
      { fault: 'InternalServerException', rate: 0.05 },
      { fault: 'modelStreamErrorException', rate: 0.1 },
      { fault: 'drop', rate: 0.05 },
    ],
  },
  journalCapacity: 1000,
  // Short, so the soak sees slow clients closed within a round.
  connections: { headersTimeoutMs: 1000, checkIntervalMs: 250 },
});
// A fixture whose regex would backtrack exponentially on a backtracking engine.
await fetch(`${server.url}/_emulator/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'redos', match: { lastUserMessage: { regex: '(a+)+$' } }, response: { text: 'matched' }, timing: 'instant' }) });
const deep = `{"anthropic_version":"bedrock-2023-05-31","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":${'['.repeat(5000)}${']'.repeat(5000)}}]}]}`;
const hostile: (() => Promise<string>)[] = [
  async () => `deep ${(await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body: deep })).status}`,
  async () => `3MB ${(await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body: body('x'.repeat(3_000_000)) })).status}`,
  async () => `cross-origin ${(await fetch(`${server.url}/_emulator/reset`, { method: 'POST', headers: { Origin: 'http://evil.example' } })).status}`,
  async () => `rebinding ${await new Promise<number>((resolve) => http.get(`${server.url}/_emulator/calls`, { headers: { Host: 'evil.example' } }, (response) => (response.resume(), resolve(response.statusCode ?? 0))).on('error', () => resolve(0)))}`,
  async () => `prototype ${(await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: [{ type: '__proto__' }, { type: 'constructor' }] }] }) })).status}`,
  async () => `redos ${(await fetch(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, { method: 'POST', body: body(`${'a'.repeat(5000)}!`) })).status}`,
  () => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    socket.on('error', () => undefined);
    return Promise.resolve('slowloris opened');
  },
];
let slowestHealthMs = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const body = (text: string) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: text }] });
const outcomes = new Map<string, number>();
const count = (key: string): void => {
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
};

/** One HTTP/1.1 streaming call, read to the end (or to its failure), cut after `timeoutMs` of silence. */
function http1Call(text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(`${server.url}/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke-with-response-stream`, { method: 'POST', agent, timeout: timeoutMs }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => (count(`http1 ${response.statusCode ?? 0}`), resolve()));
      response.on('error', () => (count('http1 broken'), resolve()));
      response.on('aborted', () => (count('http1 aborted'), resolve()));
    });
    request.on('timeout', () => request.destroy(new Error('client timeout')));
    request.on('error', (error) => (count(`http1 error ${(error as NodeJS.ErrnoException).code ?? error.message}`), resolve()));
    request.end(body(text));
  });
}

const client = new BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
async function http2Call(): Promise<void> {
  try {
    const response = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    for await (const _event of response.stream ?? []) {
      // read to the end
    }
    count('http2 ok');
  } catch (error) {
    count(`http2 ${(error as Error).name}`);
  }
}

function handles(): string {
  const kinds = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
}

const report = (label: string): void => {
  gc();
  const mb = (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
  console.log(`${label.padEnd(9)} heap ${mb} MB | handles: ${handles()} | server sockets ${server.openConnections()} | active streams ${server.emulator.stats().activeStreams}`);
};

report('start');
for (let round = 1; round <= rounds; round++) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < callsPerRound) {
      const call = next++;
      if (call % 25 === 0) {
        const attack = hostile[(call / 25) % hostile.length] as () => Promise<string>;
        // A fault the run injects may drop the connection under a hostile call too.
        count(`hostile ${await attack().catch((error: Error) => `failed (${(error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.message})`)}`);
      }
      else if (call % 50 === 1) await http1Call('stall', 50); // a client that gives up on a stalled stream
      else if (call % 4 === 0) await http2Call();
      else await http1Call('go', 5000);
    }
  };
  const probing = (async () => {
    for (let probe = 0; probe < 20; probe++) {
      const startedAt = performance.now();
      await fetch(`${server.url}/_emulator/health`);
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - startedAt);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.all([...Array.from({ length: concurrency }, worker), probing]);
  // Slow clients are closed within the head timeout.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  // Let client-side timeouts and server-side clean-up run.
  await new Promise((resolve) => setTimeout(resolve, 200));
  report(`round ${round}`);
}
// Idle keep-alive connections close after their timeout (5 s): what is left after it is a leak.
await new Promise((resolve) => setTimeout(resolve, 6000));
report('idle');
console.log(`calls: ${rounds * callsPerRound}; outcomes: ${[...outcomes].map(([key, n]) => `${key} ×${n}`).join(', ')}`);
console.log(`health answered within ${slowestHealthMs.toFixed(0)} ms at worst throughout`);
client.destroy();
agent.destroy();
await server.close();

// The other surfaces, beside an emulator with the bundled fixtures (regex and contains matchers) loaded.
const bundled = await startEmulator({ fixturePaths: ['fixtures'] });
console.log('\nhostile mix against the other surfaces (worst wait of each well-behaved client while it ran):');
await soakSurfaces(bundled, (phase) => {
  console.log(`- ${phase.name}: peak RSS ${phase.peakRssMb} MB; worst wait ${Object.entries(phase.worstWaitMs).map(([probe, ms]) => `${probe} ${ms} ms`).join(', ')}`);
  console.log(`    ${Object.entries(phase.outcomes).map(([outcome, n]) => `${outcome} ×${n}`).join('; ')}`);
});
await bundled.close();
