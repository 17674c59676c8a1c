import { describe, expect, it } from 'vitest';
import { embedText } from './embed-text.ts';

const cosine = (a: readonly number[], b: readonly number[]): number => {
  const dot = a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
  const length = (vector: readonly number[]): number => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return dot / (length(a) * length(b));
};

describe('embedText', () => {
  it.each([256, 384, 512, 1024, 1536])('is dense at %i dimensions: every component a non-zero float that JSON writes with a point or an exponent', (dimensions) => {
    for (const text of ['hello', 'The cat sat on the mat.', '', '!!!', 'a']) {
      const vector = embedText(text, dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(vector.filter((value) => value === 0)).toEqual([]);
      expect(JSON.stringify(vector).slice(1, -1).split(',').filter((written) => !/[.e]/.test(written))).toEqual([]);
    }
  });

  it('is the same vector for the same text, of length 1 unless asked not to normalize', () => {
    const vector = embedText('The cat sat on the mat.', 1024);
    expect(embedText('The cat sat on the mat.', 1024)).toEqual(vector);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    const raw = embedText('The cat sat on the mat.', 1024, false);
    expect(Math.hypot(...raw)).not.toBeCloseTo(1, 2);
    expect(cosine(raw, vector)).toBeCloseTo(1, 5);
  });

  it('keeps similar texts closer than unrelated ones, by a clear margin', () => {
    const cat = embedText('The cat sat on the mat.', 1024);
    expect(cosine(cat, embedText('A cat was sitting on the mat.', 1024))).toBeGreaterThan(cosine(cat, embedText('Quarterly revenue grew in Europe.', 1024)) + 0.3);
    expect(cosine(embedText('refund policy', 512), embedText('What is the refund policy?', 512))).toBeGreaterThan(0.5);
    expect(Math.abs(cosine(embedText('refund policy', 512), embedText('volcanic eruptions in Iceland', 512)))).toBeLessThan(0.2);
  });

  it('spreads each text over the dimensions with mixed signs, not a few spikes', () => {
    const vector = embedText('hello', 1024);
    const positive = vector.filter((value) => value > 0).length;
    expect(positive).toBeGreaterThan(400);
    expect(positive).toBeLessThan(624);
    expect(Math.max(...vector.map(Math.abs))).toBeLessThan(0.2);
  });
});
