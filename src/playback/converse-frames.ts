import type { TimedConverseEvent } from '../converse/render-converse.ts';
import { encodeEventFrame } from '../eventstream/encode-frames.ts';
import { maxPaddingLength, minPaddingLength, padding } from '../eventstream/padding.ts';
import { createRandom, deriveSeed } from '../fixtures/random.ts';
import type { TimedFrame } from './play-frames.ts';

/**
 * Frames ConverseStream events: one event frame each, named by its type, the
 * payload plus Bedrock's `p` padding (REFERENCE §5.3), drawn from the plan's seed.
 *
 * @example
 * playFrames(toConverseFrames(renderConverseStream(plan), plan.seed), options)
 */
export function toConverseFrames(events: readonly TimedConverseEvent[], seed: number): TimedFrame[] {
  const random = createRandom(deriveSeed(seed, 'padding'));
  return events.map(({ atMs, type, payload }) => ({
    atMs,
    render: () => encodeEventFrame(type, { ...payload, p: padding(random.integer(minPaddingLength, maxPaddingLength)) }),
  }));
}
