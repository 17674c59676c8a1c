import http from 'node:http';
import { expect, it } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { claudeBody, eventually, haiku } from '../support/emulator.ts';

/**
 * A short version of `npm run soak`: a few hundred calls under a seeded mix
 * of faults, then nothing may be left behind — no active stream, no timer,
 * no socket. (The soak script runs thousands and reports heap figures.)
 */
it('leaves no stream, timer or socket behind after a few hundred calls under mixed faults', async () => {
  const server = await startEmulator({
    fixtures: defineFixtures([
      { match: { lastUserMessage: 'stall' }, response: { text: 'hangs', stall: { afterChunks: 2 } }, timing: 'fast' },
      { response: { text: 'A short streamed answer for the fault load.' }, timing: { timeToFirstTokenMs: 1, deltaIntervalMs: 1 } },
    ]),
    faults: {
      seed: 3,
      rules: [
        { fault: 'ThrottlingException', rate: 0.15 },
        { fault: 'modelStreamErrorException', rate: 0.15 },
        { fault: 'drop', rate: 0.1 },
      ],
    },
  });
  const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const timersBefore = timers();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const outcomes = new Map<string, number>();
  const call = (prompt: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (outcome: string): void => {
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        resolve();
      };
      const request = http.request(`${server.url}/model/${haiku}/invoke-with-response-stream`, { method: 'POST', agent, timeout: timeoutMs }, (response) => {
        response.resume();
        response.on('end', () => done(String(response.statusCode)));
        response.on('aborted', () => done('dropped'));
      });
      request.on('timeout', () => request.destroy(new Error('client gave up')));
      request.on('error', () => done('error'));
      request.end(claudeBody(prompt));
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < 400) {
      const index = next++;
      await (index % 40 === 0 ? call('stall', 30) : call('go', 5000));
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  agent.destroy();

  expect([...outcomes.keys()].sort()).toEqual(['200', '429', 'dropped', 'error']);
  await eventually(() => {
    expect(server.emulator.stats().activeStreams).toBe(0);
    expect(server.openConnections()).toBe(0);
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });
  expect(server.emulator.stats().completedStreams + server.emulator.stats().cancelledStreams).toBeGreaterThan(300);
  await server.close();
});
