import type { Fixture } from '../fixtures/fixture.ts';
import type { Clock } from '../playback/clock.ts';
import type { PlaybackOutcome } from '../playback/play-frames.ts';

export type ResolvedOptions = {
  readonly defaultText: string;
  readonly timeScale: number;
  readonly clock: Clock;
};

/** The mutable state of one emulator, shared by its handlers. */
export type EmulatorState = {
  readonly options: ResolvedOptions;
  fixtures(): readonly Fixture[];
  setFixtures(fixtures: readonly Fixture[]): void;
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

export function createEmulatorState(options: ResolvedOptions, initialFixtures: readonly Fixture[]): EmulatorState {
  let fixtures = initialFixtures;
  let activeStreams = 0;
  let completedStreams = 0;
  let cancelledStreams = 0;
  return {
    options,
    fixtures: () => fixtures,
    setFixtures: (next) => {
      fixtures = next;
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
