import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/adapters/http/listen.ts';
import { systemClock } from '../../src/core/playback/clock.ts';
import { createRuntimeApi } from '../../src/aws-local/runners/runtime-api.ts';
import { repoRoot } from '../support/cli.ts';

/**
 * The Python runtime client against the host's real Runtime API, served with
 * a keep-alive shorter than a handler's run: the client's connection is
 * closed under it while the handler works, and its answer must still arrive
 * (Lambda's own Runtime API keeps the connection; Node's default closes an
 * idle one after 5 s).
 */
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('the Python runtime client on the Runtime API', () => {
  it('answers an invocation whose connection the server closed while the handler ran', async () => {
    const api = createRuntimeApi({ maxBufferedBytes: 6_291_556, clock: systemClock });
    const server = await listen(api.app.fetch, { connections: { keepAliveTimeoutMs: 50 } });
    closers.push(() => server.close());
    const child = spawn('python3', ['-u', '-B', '-m', 'bedrock_emulator_runtime', 'app.sleeps'], {
      cwd: path.join(repoRoot, 'test/aws-local/handlers/python'),
      env: { PATH: process.env['PATH'] ?? '', PYTHONPATH: path.join(repoRoot, 'src/aws-local/runners/python'), AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    closers.unshift(() => child.kill('SIGKILL'));
    // A client that dies fails the invocation at once, as the host's runner does.
    child.once('exit', (code) => api.abandon({ errorType: 'Runtime.ExitError', errorMessage: `exit status ${code ?? 'none'}`, trace: [] }));
    const deadlineMs = Date.now() + 10_000;
    // Node keeps an idle connection a little past its keep-alive timeout (a buffer of about a second): the handler outlasts both.
    for (const [requestId, seconds] of [['first', 1.5], ['second', 0]] as const) {
      const output = await api.invoke({ requestId, event: { seconds }, deadlineMs, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:app', signal: new AbortController().signal });
      expect(output.kind, said).toBe('buffered');
      if (output.kind !== 'buffered') return;
      expect((JSON.parse(new TextDecoder().decode(output.payload)) as { remaining_ms: number }).remaining_ms).toBeGreaterThan(0);
    }
    // The client opened a second connection when the server had closed its first.
    expect(server.connectionCounts().http1).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
