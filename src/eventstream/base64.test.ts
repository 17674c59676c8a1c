import { describe, expect, it } from 'vitest';
import { toBase64 } from './base64.ts';

describe('toBase64', () => {
  it('agrees with Node for every length remainder and every byte value', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256);
    for (let length = 0; length <= bytes.length; length++) {
      const slice = bytes.subarray(0, length);
      expect(toBase64(slice)).toBe(Buffer.from(slice).toString('base64'));
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });
});
