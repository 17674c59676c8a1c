/**
 * A deterministic stand-in for a text embedding: the same text always gives
 * the same vector, and texts that share words (and pieces of words) point
 * the same way, so similar texts are closer than unrelated ones — enough for
 * tests of retrieval code, with no model. Each word and each three-letter
 * piece is hashed into a few dimensions with a sign; the sum is scaled to
 * length 1 when `normalize`.
 *
 * @example
 * embedText('the cat sat', 1024) // 1024 numbers, nearer embedText('a cat sat down', 1024) than embedText('stock prices fell', 1024)
 */
export function embedText(text: string, dimensions: number, normalize = true): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().normalize('NFKD').match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    for (let copy = 0; copy < 3; copy += 1) {
      const hash = fnv1a(`${copy}:${feature}`);
      vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash & 0x80000000 ? -weight : weight);
    }
  };
  for (const word of words) {
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let index = 0; index + 3 <= padded.length; index += 1) add(`t:${padded.slice(index, index + 3)}`, 0.35);
  }
  // An empty or symbol-only text still gets a vector of its own.
  if (words.length === 0) add(`raw:${text}`, 1);
  if (!normalize) return vector.map((value) => round(value / Math.max(1, Math.sqrt(words.length))));
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => round(value / length));
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Seven significant digits: what a float32 holds, and a short JSON. */
const round = (value: number): number => Math.round(value * 1e7) / 1e7;
