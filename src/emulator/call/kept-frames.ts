import { createFrameMemo, type FrameMemo } from '../../core/event-stream/encode-frames.ts';
import type { ResponsePlan } from '../../core/planning/plan-response.ts';

/**
 * Frames one event of a stream, with Bedrock's `p` padding
 * (docs/protocol/response-stream.md); a frame that repeats is kept in `memo`,
 * which is undefined for a frame new every call (a fresh id).
 */
export type EncodeEvent<E> = (event: E, padding: string, memo: FrameMemo | undefined) => Uint8Array;

/**
 * The frames one emulator keeps. Planning gives the same plan object for the
 * same fixture asked the same way, and a plan's events are the same every
 * time but for the `unique` ones (a fresh id), which are never kept: so a
 * repeated stream is not encoded again. Frames alike across plans (the same
 * delta, padded the same) are encoded once, in `byContent`.
 */
export type KeptFrames = {
  /**
   * The frames kept for a plan in one encoding, by position (filled as they
   * are first encoded). `variant` names what else the events depend on
   * (the model a family's chunks are rendered for); `''` when nothing does.
   */
  ofPlan(plan: ResponsePlan, encode: EncodeEvent<never>, variant: string): (Uint8Array | undefined)[];
  /** Frames by their content, whatever plan they came from. */
  readonly byContent: FrameMemo;
};

/** Variants kept per plan and encoding: past it, they start over (a variant is what callers send: a model id). */
const maxVariants = 64;

/**
 * Kept frames of its own, for one emulator: two emulators in one process
 * never send each other's frames. Held by plan (a `WeakMap`): frames go
 * when their plan does.
 *
 * @example
 * const frames = createKeptFrames();
 * const known = frames.ofPlan(plan, encodeConverseEvent, '');
 */
export function createKeptFrames(): KeptFrames {
  const byPlan = new WeakMap<ResponsePlan, Map<EncodeEvent<never>, Map<string, (Uint8Array | undefined)[]>>>();
  return {
    ofPlan: (plan, encode, variant) => {
      let byEncoding = byPlan.get(plan);
      if (byEncoding === undefined) {
        byEncoding = new Map();
        byPlan.set(plan, byEncoding);
      }
      let byVariant = byEncoding.get(encode);
      if (byVariant === undefined) {
        byVariant = new Map();
        byEncoding.set(encode, byVariant);
      }
      let known = byVariant.get(variant);
      if (known === undefined) {
        if (byVariant.size >= maxVariants) byVariant.clear();
        known = [];
        byVariant.set(variant, known);
      }
      return known;
    },
    byContent: createFrameMemo(),
  };
}
