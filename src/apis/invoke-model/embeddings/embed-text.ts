/**
 * A deterministic stand-in for a text embedding: the same text always gives
 * the same vector, and texts that share words (and pieces of words) point
 * the same way, so similar texts are closer than unrelated ones — enough for
 * tests of retrieval code, with no model.
 *
 * Each word and each three-letter piece is hashed into a few dimensions with
 * a sign and a weight of its own; that sparse sum is then spread over every
 * dimension by a fixed orthogonal transform (random signs, then a
 * Walsh–Hadamard transform), which keeps every angle between vectors as it
 * was. So, like a model's, the vector is dense: every component a non-zero
 * float, written with a decimal point or an exponent (`0.0312`, `-1e-7`),
 * never a bare `0`. Scaled to length 1 when `normalize`.
 *
 * @example
 * embedText('the cat sat', 1024) // 1024 non-zero floats, nearer embedText('a cat sat down', 1024) than embedText('stock prices fell', 1024)
 */
export function embedText(text: string, dimensions: number, normalize = true): number[] {
  const vector = new Float64Array(dimensions);
  const words = text.toLowerCase().normalize('NFKD').match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    for (let copy = 0; copy < 3; copy += 1) {
      const hash = fnv1a(`${copy}:${feature}`);
      // A weight of its own per feature and copy (0.5–1.5 ×): equal weights could cancel to an exact 0 when spread.
      const magnitude = weight * (0.5 + mix32(hash) / 2 ** 32);
      vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash & 0x80000000 ? -magnitude : magnitude);
    }
  };
  for (const word of words) {
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let index = 0; index + 3 <= padded.length; index += 1) add(`t:${padded.slice(index, index + 3)}`, 0.35);
  }
  // An empty or symbol-only text still gets a vector of its own.
  if (words.length === 0) add(`raw:${text}`, 1);
  spread(vector);
  let scale = 1 / Math.max(1, Math.sqrt(words.length));
  if (normalize) {
    let squares = 0;
    for (const value of vector) squares += value * value;
    scale = 1 / (Math.sqrt(squares) || 1);
  }
  return Array.from(vector, (value) => asFloat(value * scale));
}

/**
 * Spreads a vector over all its dimensions, in place, by an orthogonal
 * transform fixed for its length: a sign per dimension, then — for a length
 * of 2^k × m (m odd: 1 for 256, 512, 1,024; 3 for 1,536) — a normalized
 * Walsh–Hadamard transform in each of the m blocks, and across the blocks
 * the reflection I − (2/m)·J, dense and orthogonal for m ≥ 3.
 */
function spread(vector: Float64Array): void {
  const length = vector.length;
  let block = 1;
  while (length % (block * 2) === 0) block *= 2;
  const blocks = length / block;
  for (let index = 0; index < length; index += 1) if (mix32(index ^ (length * 0x9e3779b9)) & 1) vector[index] = -(vector[index] ?? 0);
  for (let start = 0; start < length; start += block) walshHadamard(vector, start, block);
  if (blocks < 3) return;
  for (let offset = 0; offset < block; offset += 1) {
    let sum = 0;
    for (let at = offset; at < length; at += block) sum += vector[at] ?? 0;
    for (let at = offset; at < length; at += block) vector[at] = (vector[at] ?? 0) - (2 / blocks) * sum;
  }
}

/** The fast Walsh–Hadamard transform of `size` (a power of 2) values from `start`, scaled by 1/√size so it is orthogonal. */
function walshHadamard(vector: Float64Array, start: number, size: number): void {
  for (let half = 1; half < size; half *= 2) {
    for (let group = start; group < start + size; group += half * 2) {
      for (let at = group; at < group + half; at += 1) {
        const a = vector[at] ?? 0;
        const b = vector[at + half] ?? 0;
        vector[at] = a + b;
        vector[at + half] = a - b;
      }
    }
  }
  const norm = 1 / Math.sqrt(size);
  for (let at = start; at < start + size; at += 1) vector[at] = (vector[at] ?? 0) * norm;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit integer's bits well mixed (murmur3's finalizer): a second hash from the first, and a sign per dimension. */
function mix32(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** The smallest step `asFloat` rounds to. */
const step = 1e-7;

/**
 * Seven decimal places (about what a float32 holds, and a short JSON), and
 * never a whole number: a value that rounds to one (0 above all) moves one
 * step towards where it was, so JSON writes it with a decimal point or an
 * exponent and every reader takes it as a float.
 */
function asFloat(value: number): number {
  const rounded = Math.round(value * 1e7) / 1e7;
  if (!Number.isInteger(rounded)) return rounded;
  return rounded + (value >= rounded ? step : -step);
}
