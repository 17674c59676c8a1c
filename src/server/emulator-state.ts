import type { Fixture } from '../fixtures/fixture.ts';
import type { Clock } from '../playback/clock.ts';
import type { PlaybackOutcome } from '../playback/play-frames.ts';
import type { FaultInjection } from './injected-faults.ts';
import { createJournal, type Journal, type UnmatchedPolicy } from './journal.ts';
import { createQuotas, type QuotaRule, type Quotas } from './quotas.ts';

export type ResolvedOptions = {
  readonly defaultText: string;
  readonly timeScale: number;
  readonly clock: Clock;
  readonly unmatched: UnmatchedPolicy;
  readonly faults: FaultInjection | undefined;
};

/** The mutable state of one emulator, shared by its handlers. */
export type EmulatorState = {
  readonly options: ResolvedOptions;
  readonly journal: Journal;
  readonly quotas: Quotas;
  /** Numbers generating calls in arrival order (seeds run-wide fault injection). */
  nextCallIndex(): number;
  /** All fixtures in match order: those added at run time first, then the loaded ones. */
  fixtures(): readonly Fixture[];
  /** Replaces the loaded fixtures (e.g. on reload); sequences start over. */
  setFixtures(fixtures: readonly Fixture[]): void;
  /** Adds fixtures at run time, ahead of the loaded ones; `reset` removes them. */
  addFixtures(fixtures: readonly Fixture[]): void;
  /** Clears the journal and the run-time fixtures, and starts every sequence over. */
  reset(): void;
  /** How many calls a fixture has answered since it was loaded or reset. */
  readonly usesOf: (fixture: Fixture) => number;
  recordUse(fixture: Fixture): void;
  /** Counts a stream as open; call the returned function when it settles. */
  streamStarted(): (outcome: PlaybackOutcome) => void;
  stats(): EmulatorStats;
};

export type EmulatorStats = {
  /** Streams whose playback has neither completed nor been cancelled. */
  readonly activeStreams: number;
  readonly completedStreams: number;
  readonly cancelledStreams: number;
};

export function createEmulatorState(
  options: ResolvedOptions,
  initialFixtures: readonly Fixture[],
  journalCapacity: number,
  quotaRules: readonly QuotaRule[],
): EmulatorState {
  let loaded = initialFixtures;
  let added: readonly Fixture[] = [];
  let all = loaded;
  let callIndex = 0;
  const journal = createJournal(journalCapacity);
  let uses = new WeakMap<Fixture, number>();
  let activeStreams = 0;
  let completedStreams = 0;
  let cancelledStreams = 0;
  return {
    options,
    journal,
    quotas: createQuotas(quotaRules, options.clock),
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
      added = [];
      all = loaded;
      uses = new WeakMap();
    },
    streamStarted: () => {
      activeStreams += 1;
      return (outcome) => {
        activeStreams -= 1;
        if (outcome === 'completed') completedStreams += 1;
        else cancelledStreams += 1;
      };
    },
    stats: () => ({ activeStreams, completedStreams, cancelledStreams }),
  };
}
