import { existsSync } from 'node:fs';
import { listen, type RunningServer } from '../http/listen.ts';
import { loadFixtureFiles } from '../node/load-fixture-files.ts';
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
  const server = await listen((request) => recorder.fetch(request), { host: options.host ?? '127.0.0.1', port: options.port ?? 4010 });
  return { ...server, replayableFixtures: fixtures.length };
}
