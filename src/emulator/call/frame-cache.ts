import type { ResponsePlan } from '../../core/planning/plan-response.ts';

/** Frames one event of a stream, with Bedrock's `p` padding (docs/protocol/response-stream.md); `unique` when it is new every call. */
export type EncodeEvent<E> = (event: E, padding: string, unique: boolean) => Uint8Array;

/**
 * The frames one emulator has encoded its plans to. Planning gives the same
 * plan object for the same fixture asked the same way, and a plan's events
 * are the same every time but for the `unique` ones (a fresh id), which are
 * never kept: so a repeated stream is not encoded again.
 */
export type FrameCache = {
  /**
   * The frames kept for a plan in one encoding, by position (filled as they
   * are first encoded). `variant` names what else the events depend on
   * (the model a family's chunks are rendered for); `''` when nothing does.
   */
  framesOf(plan: ResponsePlan, encode: EncodeEvent<never>, variant: string): (Uint8Array | undefined)[];
};

/** Variants kept per plan and encoding: past it, they start over (a variant is what callers send: a model id). */
const maxVariants = 64;

/**
 * A frame cache of its own, for one emulator: two emulators in one process
 * never send each other's kept frames. Held by plan (a `WeakMap`): frames go
 * when their plan does.
 *
 * @example
 * const frames = createFrameCache();
 * const known = frames.framesOf(plan, encodeConverseEvent, '');
 */
export function createFrameCache(): FrameCache {
  const byPlan = new WeakMap<ResponsePlan, Map<EncodeEvent<never>, Map<string, (Uint8Array | undefined)[]>>>();
  return {
    framesOf: (plan, encode, variant) => {
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
  };
}
