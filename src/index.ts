/**
 * `bedrock-emulator`: the transport-free core. Create an emulator and call its
 * `fetch`, or serve it with `bedrock-emulator/node`.
 */
export { createEmulator, defaultText, type Emulator, type EmulatorOptions } from './server/create-emulator.ts';
export type { EmulatorStats } from './server/stream-stats.ts';
export { defineFixtures, parseFixtures, type ParsedFixtures } from './fixture-format/parse-fixtures.ts';
export type { Fixture, FixtureSource } from './fixture-format/fixture.ts';
export type { FixtureDefinition, FixtureMatch, FixtureResponse, FixtureTiming, TextMatcher, Chunking, StopReason } from './fixture-format/fixture-schema.ts';
export { timingProfiles, type TimingProfileName } from './fixture-format/timing-profiles.ts';
export { BedrockException } from './errors/bedrock-exception.ts';
export { FixtureError, FixtureProblem } from './errors/fixture-error.ts';
export { systemClock, type Clock } from './playback/clock.ts';
export { createManualClock, type ManualClock } from './playback/manual-clock.ts';
export type { CallRecord, CallOutcome, UnmatchedPolicy } from './server/journal.ts';
export type { QuotaRule } from './server/quotas.ts';
export type { FaultInjection, FaultRule, InjectableFault } from './planning/run-faults.ts';
export type { ServeEnv, Transport } from './server/transport.ts';
export type { GuardrailDefinition } from './guardrails/guardrail-schema.ts';
export { authModes, type AuthMode, type AuthPolicy, type ApiKey, type KeyPair, type KeysFile } from './auth/auth-policy.ts';
export type { ModelCatalog, PromptDefinition, PromptTemplate, PromptVersion, PromptMessage, PromptInferenceConfig } from './models/model-catalog.ts';
