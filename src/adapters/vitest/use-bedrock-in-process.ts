import { afterAll, beforeAll } from 'vitest';
import { defineFixtures } from '../../core/fixtures/parse-fixtures.ts';
import { interceptHttp2 } from '../in-process/intercept-http2.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/create-emulator.ts';
import type { CallRecord } from '../../emulator/journal/journal.ts';
import { applyEnvironment, testCredentialsEnvironment } from './test-environment.ts';

export type UseInProcessOptions = Omit<EmulatorOptions, 'fixtures'> & {
  /** Fixture definitions, as in a fixture file. */
  readonly fixtures?: readonly unknown[];
};

export type InProcessHandle = {
  readonly emulator: Emulator;
  calls(): CallRecord[];
  reset(): void;
  addFixtures(definitions: readonly unknown[]): void;
};

/**
 * The emulator for a test file without any port: msw answers fetch and
 * `node:http` requests to Bedrock Runtime hosts, and `interceptHttp2` takes
 * the AWS SDK's default HTTP/2 connections, so every client (AWS SDK default
 * or NodeHttpHandler, Anthropic SDK, Vercel AI SDK, LangChain) reaches it with
 * no endpoint override at all. Sets a region and dummy credentials while the
 * file runs; undoes everything afterwards. Requires `msw` (a peer dependency).
 *
 * @example
 * const bedrock = useBedrockInProcess({ fixtures: [{ response: { text: 'Hello!' } }] });
 */
export function useBedrockInProcess(options: UseInProcessOptions = {}): InProcessHandle {
  const { fixtures = [], ...emulatorOptions } = options;
  const emulator = createEmulator({ ...emulatorOptions, fixtures: fixtures.length === 0 ? [] : defineFixtures(fixtures, 'test') });
  let undo: (() => void)[] = [];

  beforeAll(async () => {
    // msw is loaded only here, so `bedrock-emulator/vitest`'s socket helper works without it.
    const [{ setupServer }, { bedrockHandlers }] = await Promise.all([import('msw/node'), import('../msw/bedrock-handlers.ts')]);
    const mocks = setupServer(...bedrockHandlers(emulator));
    mocks.listen({ onUnhandledFrame: 'bypass' });
    const restoreHttp2 = interceptHttp2(emulator);
    // No endpoint override: clients use Bedrock's real hosts, which are intercepted.
    const restoreEnvironment = applyEnvironment({ ...testCredentialsEnvironment, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: undefined, AWS_ENDPOINT_URL: undefined, ANTHROPIC_BEDROCK_BASE_URL: undefined });
    undo = [restoreEnvironment, restoreHttp2, () => mocks.close()];
  });
  afterAll(() => {
    for (const step of undo.splice(0)) step();
  });

  return {
    emulator,
    calls: () => emulator.calls(),
    reset: () => emulator.reset(),
    addFixtures: (definitions) => emulator.addFixtures(defineFixtures(definitions, 'test')),
  };
}
