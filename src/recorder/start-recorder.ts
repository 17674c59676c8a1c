import { existsSync } from 'node:fs';
import { addressOrLoopback, isLoopbackName } from '../adapters/http/control-guard.ts';
import { listen, type RunningServer } from '../adapters/http/listen.ts';
import { loadFixtureFiles } from '../adapters/node/load-fixture-files.ts';
import { createRecorder, type RecorderOptions } from './recorder.ts';

export type StartRecorderOptions = Omit<RecorderOptions, 'fixtures'> & {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 4010; 0 picks a free one). */
  readonly port?: number;
};

export type RunningRecorder = RunningServer & {
  /** How many fixtures `record-missing` replays from (those already in the folder). */
  readonly replayableFixtures: number;
};

/**
 * Serves the recorder where clients expect Bedrock (HTTP/1.1 and h2c on one
 * port, 127.0.0.1 by default). In `record-missing` mode the fixtures already
 * in `fixturesDir` answer what they match; a broken one is reported, not
 * guessed around.
 *
 * @example
 * const recorder = await startRecorder({ upstream: 'https://bedrock-runtime.us-east-1.amazonaws.com', region: 'us-east-1', auth, fixturesDir: 'fixtures/recorded', matchBy: ['model', 'last-user-message'], exactTiming: false, force: false, mode: 'record-all', port: 0 });
 */
export async function startRecorder(options: StartRecorderOptions): Promise<RunningRecorder> {
  const fixtures = options.mode === 'record-missing' && existsSync(options.fixturesDir) ? await loadFixtureFiles([options.fixturesDir]) : [];
  const recorder = createRecorder({ ...options, fixtures });
  const host = options.host ?? '127.0.0.1';
  // Every call it forwards is signed with the user's credentials, so every path is guarded as the
  // control routes are: no page on another origin, and no DNS-rebinding page, may spend them.
  // Bound beyond loopback, other machines reach it by its address, never by a name a page controls.
  const guard = { guards: () => true, acceptsHost: isLoopbackName(host) ? isLoopbackName : addressOrLoopback };
  const server = await listen((request) => recorder.fetch(request), { host, port: options.port ?? 4010, guard });
  return { ...server, replayableFixtures: fixtures.length };
}
