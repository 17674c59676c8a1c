/**
 * A deterministic stand-in for a text embedding: the same text always gives
 * the same vector, and texts that share words (and pieces of words) point
 * the same way, so similar texts are closer than unrelated ones — enough for
 * tests of retrieval code, with no model. Each word and each three-letter
 * piece is hashed into a few dimensions with a sign; the sum is scaled to
 * length 1 when `normalize`.
 *
 * @example
 * cosine(embedText('the cat sat', 1024), embedText('a cat sat down', 1024)) > cosine(embedText('the cat sat', 1024), embedText('stock prices fell', 1024))
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

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += (a[index] ?? 0) * (b[index] ?? 0);
    na += (a[index] ?? 0) ** 2;
    nb += (b[index] ?? 0) ** 2;
  }
  return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
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
