/** Entries per generation: a working set of distinct frames, small next to the streams it serves. */
const generationSize = 8192;

/** A bounded cache of encoded frames by key (`createFrameCache`). */
export type FrameCache = ReturnType<typeof createFrameCache>;

/**
 * A bounded cache of encoded frames by key, in two generations: entries used
 * in the current generation stay, the rest are forgotten at the next turn.
 * So frames that repeat (a fixture's deltas) stay encoded, while frames seen
 * once (a message id is new every call) cannot grow it.
 *
 * @example
 * const cache = createFrameCache(); cache.get(key) ?? cache.set(key, encode())
 */
export function createFrameCache() {
  let current = new Map<string, Uint8Array>();
  let previous = new Map<string, Uint8Array>();
  const set = (key: string, frame: Uint8Array): Uint8Array => {
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
    current.set(key, frame);
    return frame;
  };
  return {
    get(key: string): Uint8Array | undefined {
      const hit = current.get(key);
      if (hit !== undefined) return hit;
      const old = previous.get(key);
      return old === undefined ? undefined : set(key, old);
    },
    set,
  };
}
