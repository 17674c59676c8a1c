/**
 * `bedrock-emulator`: the transport-free core. Create an emulator and call its
 * `fetch`, or serve it with `bedrock-emulator/node`.
 */
export { createEmulator, defaultText, type Emulator, type EmulatorOptions } from './emulator/create-emulator.ts';
export type { EmulatorStats } from './emulator/journal/stream-stats.ts';
export { defineFixtures, parseFixtures, type ParsedFixtures } from './core/fixtures/parse-fixtures.ts';
export type { Fixture, FixtureSource } from './core/fixtures/fixture.ts';
export type { FixtureDefinition, FixtureMatch, FixtureResponse, FixtureTiming, TextMatcher, Chunking, StopReason } from './core/fixtures/fixture-schema.ts';
export { timingProfiles, type TimingProfileName } from './core/fixtures/timing-profiles.ts';
export { BedrockException } from './core/errors/bedrock-exception.ts';
export { FixtureError, FixtureProblem } from './core/errors/fixture-error.ts';
export { systemClock, type Clock } from './core/playback/clock.ts';
export { createManualClock, type ManualClock } from './core/playback/manual-clock.ts';
export type { CallRecord, CallOutcome, UnmatchedPolicy } from './emulator/journal/journal.ts';
export type { QuotaRule } from './emulator/call/quotas.ts';
export type { FaultInjection, FaultRule, InjectableFault } from './core/planning/run-faults.ts';
export type { ServeEnv, Transport } from './emulator/call/transport.ts';
export type { GuardrailDefinition } from './emulator/guardrails/guardrail-schema.ts';
export { authModes, type AuthMode, type AuthPolicy, type ApiKey, type KeyPair, type KeysFile } from './emulator/auth/auth-policy.ts';
export type { ModelCatalog, PromptDefinition, PromptTemplate, PromptVersion, PromptMessage, PromptInferenceConfig } from './apis/model-ids/model-catalog.ts';
