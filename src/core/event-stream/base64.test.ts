import { describe, expect, it } from 'vitest';
import { base64Length, toBase64, writeBase64 } from './base64.ts';

describe('base64', () => {
  it.each([[''], ['f'], ['fo'], ['foo'], ['foob'], ['fooba'], ['foobar'], ['héllo 🌍']])('encodes %j as Node does, as a string and in place', (text) => {
    const bytes = new TextEncoder().encode(text);
    const expected = Buffer.from(bytes).toString('base64');
    expect(toBase64(bytes)).toBe(expected);
    const out = new Uint8Array(base64Length(bytes.length) + 2);
    expect(writeBase64(bytes, out, 1)).toBe(1 + expected.length);
    expect(new TextDecoder().decode(out.subarray(1, 1 + expected.length))).toBe(expected);
  });
});
