import { createEmulator, type Emulator, type EmulatorOptions } from '../server/create-emulator.ts';
import { listen, type ListenOptions, type RunningServer } from '../http/listen.ts';
import { loadFixtureFiles } from './load-fixture-files.ts';

export type StartOptions = ListenOptions &
  Omit<EmulatorOptions, 'fixtures'> & {
    /** Fixture files or folders to load (.json, .yaml, .yml). */
    readonly fixturePaths?: readonly string[];
    /** Fixtures given in code, matched after the ones from files. */
    readonly fixtures?: EmulatorOptions['fixtures'];
  };

export type RunningEmulator = RunningServer & { readonly emulator: Emulator };

/**
 * Loads fixtures, creates the emulator and serves it (HTTP/1.1 and h2c on one
 * port, 127.0.0.1 by default). Rejects with a `FixtureError` listing every
 * problem when a fixture file is malformed.
 *
 * @example
 * const server = await startEmulator({ fixturePaths: ['fixtures'], port: 0 });
 * process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = server.url;
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { fixturePaths = [], fixtures = [], host, port, ...emulatorOptions } = options;
  const loaded = fixturePaths.length === 0 ? [] : await loadFixtureFiles(fixturePaths);
  const emulator = createEmulator({ ...emulatorOptions, fixtures: [...loaded, ...fixtures] });
  const server = await listen(emulator.fetch, { ...(host === undefined ? {} : { host }), ...(port === undefined ? {} : { port }) });
  return { ...server, emulator };
}
