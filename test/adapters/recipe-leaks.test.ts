import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/temporary-dir.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs a script in a fresh Node with async_hooks on, returning the async resources it left alive after GC. */
async function aliveAfter(script: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: repoRoot });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

const tracking = `
  import { createHook } from 'node:async_hooks';
  const live = new Map();
  // Short-lived callbacks, and the process's own stdout pipe and DNS channel.
  const ignored = new Set(['PROMISE', 'TickObject', 'Immediate', 'Timeout', 'FSREQCALLBACK', 'FSREQPROMISE', 'PIPEWRAP', 'TTYWRAP', 'DNSCHANNEL', 'GETADDRINFOREQWRAP']);
  createHook({ init(id, type) { if (!ignored.has(type)) live.set(id, type); }, destroy(id) { live.delete(id); } }).enable();
  const settle = async () => { await new Promise((r) => setTimeout(r, 50)); globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); };
`;

describe('what the testing recipes leave behind', () => {
  it("vitest --detectAsyncLeaks reports nothing for them but Node's own HTTP/2 request handle", async () => {
    const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', 'examples/testing', '--detectAsyncLeaks'], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
    const leaks = [...output.matchAll(/(\S+) leaking in (\S+)/g)].map((match) => `${match[1] ?? ''} in ${match[2] ?? ''}`);
    // HTTP/2 clients leave Node's PendingRequest (see the next test), and closed HTTP/2
    // sessions and stream wrappers are counted until GC collects them (the last test
    // shows they go); Node's fetch leaves a promise of its own (the next test too).
    // The recipes without HTTP/2 or fetch report nothing at all.
    for (const leak of leaks) expect(leak).toMatch(/^((PendingRequest|JSSTREAM|HTTP2SESSION) in examples\/testing\/(socket|in-process|guardrails)\.test\.ts|PROMISE in examples\/testing\/library-api\.test\.ts)$/);
    expect(leaks.some((leak) => /msw|request-handler/.test(leak))).toBe(false);
  }, 60_000); // a whole vitest run in a child process: give a loaded machine time

  it("Node's fetch leaves a promise against a bare node:http server too", async () => {
    const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
    const probe = path.join(temporaryDir(), 'fetch-probe.test.ts');
    writeFileSync(
      probe,
      `import http from 'node:http';
      import { expect, it } from 'vitest';
      it('fetches from a bare server', async () => {
        const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        const response = await fetch('http://127.0.0.1:' + server.address().port + '/', { method: 'POST', body: 'x' });
        expect(await response.text()).toBe('ok');
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      });`,
    );
    const result = await run(process.execPath, [vitest, 'run', probe, '--root', path.dirname(probe), '--detectAsyncLeaks'], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/Tests\s+1 passed/);
    expect([...output.matchAll(/(\S+) leaking in/g)].map((match) => match[1])).toEqual(['PROMISE']);
  });

  it("that HTTP/2 handle is Node's: a bare node:http2 request leaves the same one", async () => {
    const alive = await aliveAfter(`${tracking}
      import http2 from 'node:http2';
      const server = http2.createServer((req, res) => res.end('ok'));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const session = http2.connect('http://127.0.0.1:' + server.address().port);
      const request = session.request({ ':path': '/' });
      request.resume();
      await new Promise((r) => request.on('end', r));
      session.destroy();
      await new Promise((r) => server.close(r));
      await settle();
      console.log(JSON.stringify([...live.values()]));`);
    expect(alive).toEqual(['PendingRequest']);
  });

  it('the emulator, the interceptor and the AWS SDK leave nothing else after teardown and GC', async () => {
    const alive = await aliveAfter(`${tracking}
      const { createEmulator } = await import('./src/emulator/create-emulator.ts');
      const { defineFixtures } = await import('./src/core/fixtures/parse-fixtures.ts');
      const { interceptHttp2 } = await import('./src/adapters/in-process/intercept-http2.ts');
      const { startEmulator } = await import('./src/adapters/node/start-emulator.ts');
      const { BedrockRuntimeClient, ConverseStreamCommand } = await import('@aws-sdk/client-bedrock-runtime');
      const fixtures = defineFixtures([{ response: { text: 'hi there' }, timing: 'instant' }]);
      const call = async (client) => {
        const response = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
        for await (const _ of response.stream) {}
        client.destroy();
      };
      const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
      const restore = interceptHttp2(createEmulator({ fixtures }));
      await call(new BedrockRuntimeClient({ region: 'us-east-1', credentials }));
      restore();
      const server = await startEmulator({ fixtures });
      await call(new BedrockRuntimeClient({ region: 'us-east-1', credentials, endpoint: server.url }));
      await server.close();
      await settle();
      console.log(JSON.stringify([...live.values()]));`);
    expect(alive.filter((type) => type !== 'PendingRequest')).toEqual([]);
    expect(alive.length).toBeLessThanOrEqual(2); // one PendingRequest per HTTP/2 client
  });
});
