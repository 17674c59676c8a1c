import { randomBytes } from 'node:crypto';
import { isLoopbackName } from '../http/control-guard.ts';
import { listen, type ListenOptions, type RunningServer } from '../http/listen.ts';
import { controlPrefix } from '../../emulator/routes/control-routes.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/create-emulator.ts';
import { loadFixtureFiles } from './load-fixture-files.ts';
import { loadModelsFile } from './load-models-file.ts';

export type StartOptions = Omit<ListenOptions, 'guard'> &
  Omit<EmulatorOptions, 'fixtures'> & {
    /** Fixture files or folders to load (.json, .yaml, .yml). */
    readonly fixturePaths?: readonly string[];
    /** Fixtures given in code, matched after the ones from files. */
    readonly fixtures?: EmulatorOptions['fixtures'];
    /** A models file (JSON or YAML) to read the `models` catalog from; entries in `models` win over the file's. */
    readonly modelsFile?: string;
    /**
     * The token `/_emulator/` routes require. Bound to loopback they need
     * none (they refuse other origins and foreign Host names instead);
     * bound beyond it, one is made at start unless given here.
     */
    readonly controlToken?: string;
  };

export type RunningEmulator = RunningServer & {
  readonly emulator: Emulator;
  /** The token the control routes require, when they require one. */
  readonly controlToken: string | undefined;
};

/**
 * Loads fixtures, creates the emulator and serves it (HTTP/1.1 and h2c on one
 * port, 127.0.0.1 by default). Rejects with a `FixtureError` listing every
 * problem when a fixture file (or the models file) is malformed.
 *
 * @example
 * const server = await startEmulator({ fixturePaths: ['fixtures'], port: 0 });
 * process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = server.url;
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  // The emulator ignores the listen options, and listen the emulator's.
  const { fixturePaths = [], fixtures = [], host, controlToken, modelsFile, models, ...emulatorOptions } = options;
  const loaded = fixturePaths.length === 0 ? [] : await loadFixtureFiles(fixturePaths);
  const fromFile = modelsFile === undefined ? {} : await loadModelsFile(modelsFile);
  const emulator = createEmulator({
    ...emulatorOptions,
    fixtures: [...loaded, ...fixtures],
    models: { models: { ...fromFile.models, ...models?.models }, prompts: { ...fromFile.prompts, ...models?.prompts } },
  });
  // Anyone who can reach a non-loopback address could read prompts and replace fixtures: they need a token then.
  const token = controlToken ?? (host === undefined || isLoopbackName(host) ? undefined : randomBytes(18).toString('base64url'));
  const guard = { guards: (pathname: string) => pathname.startsWith(`${controlPrefix}/`) && pathname !== `${controlPrefix}/health`, token };
  // The listen options pass through whole (listen ignores the emulator's): none can be dropped on the way.
  const server = await listen(emulator.fetch, { ...options, guard });
  return { ...server, emulator, controlToken: token };
}
