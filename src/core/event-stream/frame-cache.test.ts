import { describe, expect, it } from 'vitest';
import { createFrameCache } from './frame-cache.ts';

describe('the frame cache', () => {
  it('keeps what is used, and stays bounded however many keys go through it', () => {
    const cache = createFrameCache();
    const kept = cache.set('kept', new Uint8Array([1]));
    for (let i = 0; i < 30_000; i++) {
      cache.set(`once-${i}`, new Uint8Array([2]));
      if (i % 1000 === 0) expect(cache.get('kept')).toBe(kept);
    }
    expect(cache.get('kept')).toBe(kept);
    expect(cache.get('once-0')).toBeUndefined();
  });
});
