import { encodeChunkFrame } from '../eventstream/encode-frames.ts';
import { maxPaddingLength, minPaddingLength, padding } from '../eventstream/padding.ts';
import { createRandom, deriveSeed } from '../fixtures/random.ts';
import type { TimedModelEvent } from '../models/model-family.ts';
import type { TimedFrame } from './play-frames.ts';

/**
 * Frames model events for InvokeModelWithResponseStream: one `chunk` frame per
 * event, each with a padding length drawn from the plan's seed, so the bytes
 * repeat run after run like everything else a fixture decides. Frames render
 * in order (playback is sequential), so the draws are always the same.
 *
 * @example
 * playFrames(toChunkFrames(family.renderStreamEvents(plan, model), plan.seed), options)
 */
export function toChunkFrames(events: readonly TimedModelEvent[], seed: number): TimedFrame[] {
  const random = createRandom(deriveSeed(seed, 'padding'));
  return events.map(({ atMs, event }) => ({
    atMs,
    render: () => encodeChunkFrame(event, padding(random.integer(minPaddingLength, maxPaddingLength))),
  }));
}
