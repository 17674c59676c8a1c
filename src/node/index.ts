/**
 * `bedrock-emulator/node`: serve the emulator on a port and load fixture files.
 */
export { startEmulator, type StartOptions, type RunningEmulator } from './start-emulator.ts';
export { listen, type ListenOptions, type RunningServer } from './listen.ts';
export { loadFixtureFiles } from './load-fixture-files.ts';
