import { describe, expect, it } from 'vitest';
import type { PlannedFaults } from './plan-response.ts';
import { buildTimeline, type TimedEvent } from './timeline.ts';

/** Five events 10 ms apart, from 100 ms; an event is its number. */
const events: TimedEvent<number>[] = [100, 110, 120, 130, 140].map((atMs, index) => ({ atMs, event: index + 1 }));
const none: PlannedFaults = { responseDelayMs: 0, streamError: undefined, stall: undefined, drop: undefined };
const timeline = (faults: Partial<PlannedFaults>) => {
  const built = buildTimeline({ ...none, ...faults }, events);
  return { head: built.headAtMs, events: built.events.map((timed) => `${timed.event}@${timed.atMs}`), ending: built.ending };
};

describe('buildTimeline', () => {
  it.each([
    ['no fault: every event, complete after the last', {}, { head: 0, events: ['1@100', '2@110', '3@120', '4@130', '5@140'], ending: { kind: 'complete', atMs: 140 } }],
    ['a slow first byte delays only the head', { responseDelayMs: 250 }, { head: 250, events: ['1@100', '2@110', '3@120', '4@130', '5@140'], ending: { kind: 'complete', atMs: 140 } }],
    [
      'an exception after 2 events, at the second one\'s time',
      { streamError: { type: 'throttlingException', afterChunks: 2 } },
      { head: 0, events: ['1@100', '2@110'], ending: { kind: 'exception', atMs: 110, fault: { type: 'throttlingException', afterChunks: 2 } } },
    ],
    [
      'an exception after 0 events, at the first one\'s time',
      { streamError: { type: 'internalServerException', afterChunks: 0 } },
      { head: 0, events: [], ending: { kind: 'exception', atMs: 100, fault: { type: 'internalServerException', afterChunks: 0 } } },
    ],
    ['a drop at 125 ms, after the events due before it', { drop: { atMs: 125 } }, { head: 0, events: ['1@100', '2@110', '3@120'], ending: { kind: 'drop', atMs: 125 } }],
    ['a stall of 50 ms after 3 events delays the rest', { stall: { afterChunks: 3, forMs: 50 } }, { head: 0, events: ['1@100', '2@110', '3@120', '4@180', '5@190'], ending: { kind: 'complete', atMs: 190 } }],
    ['a stall without end hangs after its point', { stall: { afterChunks: 1 } }, { head: 0, events: ['1@100'], ending: { kind: 'hang', atMs: 100 } }],
    [
      'a drop after a stall is shifted by it',
      { stall: { afterChunks: 1, forMs: 100 }, drop: { afterChunks: 4 } },
      { head: 0, events: ['1@100', '2@210', '3@220', '4@230'], ending: { kind: 'drop', atMs: 230 } },
    ],
    [
      'of several endings, the one with the fewest events before it wins',
      { streamError: { type: 'validationException', afterChunks: 4 }, drop: { afterChunks: 2 } },
      { head: 0, events: ['1@100', '2@110'], ending: { kind: 'drop', atMs: 110 } },
    ],
    ['a fault point past the end strikes after the last event', { drop: { afterChunks: 99 } }, { head: 0, events: ['1@100', '2@110', '3@120', '4@130', '5@140'], ending: { kind: 'drop', atMs: 140 } }],
  ] as const)('%s', (_name, faults, expected) => {
    expect(timeline(faults as Partial<PlannedFaults>)).toEqual(expected);
  });
});
