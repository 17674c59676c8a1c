/**
 * `bedrock-emulator/vitest`: one call per test file to get an emulator —
 * over a real socket (`useBedrockEmulator`) or with no port at all
 * (`useBedrockInProcess`).
 */
export { useBedrockEmulator, type EmulatorHandle, type UseEmulatorOptions } from './use-bedrock-emulator.ts';
export { useBedrockInProcess, type InProcessHandle, type UseInProcessOptions } from './use-bedrock-in-process.ts';
