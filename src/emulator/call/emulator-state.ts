import type { AuthPolicy } from '../auth/auth-policy.ts';
import type { Fixture } from '../../core/fixtures/fixture.ts';
import type { ModelCatalog } from '../../apis/model-ids/model-catalog.ts';
import type { GuardrailSet } from '../guardrails/guardrail-set.ts';
import type { JournalLimits } from '../journal/journal-summary.ts';
import type { FaultInjection } from '../../core/planning/run-faults.ts';
import type { Clock } from '../../core/playback/clock.ts';
import type { CallEvent, UnmatchedPolicy } from '../journal/call-events.ts';
import { createJournal, type Journal } from '../journal/journal.ts';
import { createQuotas, type QuotaRule, type Quotas } from './quotas.ts';
import { createPromptCache, type PromptCache } from '../../core/planning/prompt-cache.ts';
import { createPlanCache, type PlanCache } from '../../core/planning/plan-response.ts';
import { createKeptFrames, type KeptFrames } from './kept-frames.ts';
import { createStreamStats, type EmulatorStats } from '../journal/stream-stats.ts';

export type ResolvedOptions = {
  readonly defaultText: string;
  readonly timeScale: number;
  readonly clock: Clock;
  readonly unmatched: UnmatchedPolicy;
  readonly faults: FaultInjection | undefined;
  /** What callers must prove; `undefined` accepts any credentials or none. */
  readonly auth: AuthPolicy | undefined;
  /** The account's model resources and prompts, which model ids may name. */
  readonly models: ModelCatalog;
  /** The guardrails requests may name (Converse's guardrailConfig, InvokeModel's headers, ApplyGuardrail). */
  readonly guardrails: GuardrailSet;
};

/** The mutable state of one emulator, shared by its handlers and by nothing else (no state lives in a module). */
export type EmulatorState = {
  readonly options: ResolvedOptions;
  readonly journal: Journal;
  readonly quotas: Quotas;
  /** The emulated prompt cache, by model and prompt prefix; `reset` empties it. */
  readonly promptCache: PromptCache;
  /** The plans made so far, by fixture: the same fixture asked the same way answers with the same plan. */
  readonly plans: PlanCache;
  /** The frames those plans were encoded to: a repeated stream is not encoded again. */
  readonly frames: KeptFrames;
  /** Hands a call's event to every listener (the journal, the stream statistics). */
  readonly report: (event: CallEvent) => void;
  /** Numbers generating calls in arrival order (seeds run-wide fault injection). */
  nextCallIndex(): number;
  /** All fixtures in match order: those added at run time first, then the loaded ones. */
  fixtures(): readonly Fixture[];
  /** Replaces the loaded fixtures (e.g. on reload); sequences start over. */
  setFixtures(fixtures: readonly Fixture[]): void;
  /** Adds fixtures at run time, ahead of the loaded ones; `reset` removes them. */
  addFixtures(fixtures: readonly Fixture[]): void;
  /** Clears the journal, the run-time fixtures and the prompt cache, and starts every sequence over. */
  reset(): void;
  /** How many calls a fixture has answered since it was loaded or reset. */
  readonly usesOf: (fixture: Fixture) => number;
  recordUse(fixture: Fixture): void;
  stats(): EmulatorStats;
};

export function createEmulatorState(options: ResolvedOptions, initialFixtures: readonly Fixture[], journalOptions: { readonly capacity: number; readonly limits: JournalLimits }, quotaRules: readonly QuotaRule[]): EmulatorState {
  let loaded = initialFixtures;
  let added: readonly Fixture[] = [];
  let all = loaded;
  let callIndex = 0;
  let uses = new WeakMap<Fixture, number>();
  const journal = createJournal(journalOptions.capacity, journalOptions.limits);
  const streams = createStreamStats();
  const promptCache = createPromptCache();
  return {
    options,
    journal,
    quotas: createQuotas(quotaRules, options.clock),
    promptCache,
    // Not emptied by `reset`: they only save work, and what they keep is what would be made again.
    plans: createPlanCache(),
    frames: createKeptFrames(),
    report: (event) => {
      journal.record(event);
      streams.record(event);
    },
    nextCallIndex: () => callIndex++,
    fixtures: () => all,
    setFixtures: (next) => {
      loaded = next;
      all = [...added, ...loaded];
      uses = new WeakMap();
    },
    addFixtures: (more) => {
      added = [...added, ...more];
      all = [...added, ...loaded];
    },
    usesOf: (fixture) => uses.get(fixture) ?? 0,
    recordUse: (fixture) => {
      uses.set(fixture, (uses.get(fixture) ?? 0) + 1);
    },
    reset: () => {
      journal.clear();
      promptCache.clear();
      added = [];
      all = loaded;
      uses = new WeakMap();
    },
    stats: () => streams.stats(),
  };
}
