import { afterAll } from 'vitest';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../src/adapters/node/start-emulator.ts';

/** Dummy credentials: the emulator ignores signatures, the SDK still wants some. */
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret' } as const;
export const region = 'us-east-1';
export const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';

/**
 * Starts a real emulator on 127.0.0.1, port 0, with inline fixtures, and
 * closes it after the test file.
 *
 * @example
 * const emulator = await useEmulator([{ match: { lastUserMessage: 'hi' }, response: { text: 'Hello!' } }]);
 */
export async function useEmulator(fixtures: unknown[] = [], options: Omit<StartOptions, 'fixtures'> = {}): Promise<RunningEmulator> {
  const server = await startEmulator({ ...options, fixtures: defineFixtures(fixtures, 'test') });
  afterAll(() => server.close());
  return server;
}

/** A Claude Messages body with one user turn. */
export function claudeBody(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, messages: [{ role: 'user', content: text }], ...extra });
}

/** Polls until the check passes (or fails after the timeout). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
