import { afterAll, beforeAll } from 'vitest';
import type { Fixture } from '../../core/fixtures/fixture.ts';
import { defineFixtures } from '../../core/fixtures/parse-fixtures.ts';
import { startEmulator, type RunningEmulator, type StartOptions } from '../node/start-emulator.ts';
import type { CallRecord } from '../../emulator/journal/journal.ts';
import { applyEnvironment, testCredentialsEnvironment } from './test-environment.ts';

export type UseEmulatorOptions = Omit<StartOptions, 'fixtures'> & {
  /** Fixtures written in the test: definitions as in a fixture file (validated), or loaded fixtures. */
  readonly fixtures?: readonly unknown[];
};

export type EmulatorHandle = {
  /** The emulator's URL, e.g. `http://127.0.0.1:39113`. */
  readonly url: string;
  readonly server: RunningEmulator;
  /** The journal: every call so far. */
  calls(): CallRecord[];
  /** Clears the journal and the fixtures added in tests; sequences start over. */
  reset(): void;
  /** Adds fixtures (definitions) for the rest of the file, or until `reset`. */
  addFixtures(definitions: readonly unknown[]): void;
};

/**
 * Starts an emulator for a test file: a real server on 127.0.0.1, port 0,
 * with fixtures from folders and/or the test itself; sets
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` (and `ANTHROPIC_BEDROCK_BASE_URL`), a
 * region and dummy credentials while the file runs; closes the server and
 * restores the environment afterwards, leaving no handle open.
 *
 * @example
 * const bedrock = useBedrockEmulator({ fixtures: [{ match: { lastUserMessage: 'hi' }, response: { text: 'Hello!' } }] });
 * it('streams', async () => { … new BedrockRuntimeClient({}) … expect(bedrock.calls()).toHaveLength(1) });
 */
export function useBedrockEmulator(options: UseEmulatorOptions = {}): EmulatorHandle {
  let server: RunningEmulator | undefined;
  let restoreEnvironment = (): void => undefined;
  const { fixtures = [], ...startOptions } = options;
  const running = (): RunningEmulator => {
    if (server === undefined) throw new Error('useBedrockEmulator: the emulator starts in beforeAll; use it inside tests or hooks');
    return server;
  };

  beforeAll(async () => {
    server = await startEmulator({ port: 0, ...startOptions, fixtures: toFixtures(fixtures) });
    restoreEnvironment = applyEnvironment({
      ...testCredentialsEnvironment,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url,
      ANTHROPIC_BEDROCK_BASE_URL: server.url,
    });
  });
  afterAll(async () => {
    restoreEnvironment();
    await server?.close();
    server = undefined;
  });

  return {
    get url() {
      return running().url;
    },
    get server() {
      return running();
    },
    calls: () => running().emulator.calls(),
    reset: () => running().emulator.reset(),
    addFixtures: (definitions) => running().emulator.addFixtures(toFixtures(definitions)),
  };
}

function toFixtures(definitions: readonly unknown[]): Fixture[] {
  return definitions.length === 0 ? [] : defineFixtures(definitions, 'test');
}
