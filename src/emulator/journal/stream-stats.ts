import type { CallEvent } from './call-events.ts';

export type EmulatorStats = {
  /** Streams whose playback has neither completed nor been cancelled. */
  readonly activeStreams: number;
  readonly completedStreams: number;
  readonly cancelledStreams: number;
};

/**
 * Counts streams from the calls' events: one begins when a call reports
 * `streaming`, and ends when it settles with a playback outcome.
 *
 * @example
 * const streams = createStreamStats(); report(streams.record); streams.stats().activeStreams
 */
export function createStreamStats() {
  let activeStreams = 0;
  let completedStreams = 0;
  let cancelledStreams = 0;
  return {
    record(event: CallEvent): void {
      if (event.kind === 'streaming') activeStreams += 1;
      if (event.kind !== 'settled' || event.playback === undefined) return;
      activeStreams -= 1;
      if (event.playback === 'completed') completedStreams += 1;
      else cancelledStreams += 1;
    },
    stats: (): EmulatorStats => ({ activeStreams, completedStreams, cancelledStreams }),
  };
}
