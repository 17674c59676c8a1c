/**
 * `bedrock-emulator/node`: serve the emulator on a port, and read, watch and
 * write fixture files.
 */
export { startEmulator, type StartOptions, type RunningEmulator } from './start-emulator.ts';
export { listen, type ListenOptions, type RunningServer } from '../http/listen.ts';
export { loadFixtureFiles, readFixtureFiles, type LoadedFixtures } from './load-fixture-files.ts';
export { watchFixtures, type WatchEvents } from './watch-fixtures.ts';
export { loadAuthPolicy, type AuthSettings } from './load-auth-policy.ts';
export { loadModelsFile } from './load-models-file.ts';
export { loadGuardrailsFile } from './load-guardrails.ts';
