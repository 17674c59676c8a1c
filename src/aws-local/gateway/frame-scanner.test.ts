import { describe, expect, it } from 'vitest';
import { createFrameScanner } from './frame-scanner.ts';

/** A masked client frame header for a payload of `length` bytes (RFC 6455 §5.2), then the payload. */
function frame(length: number): Uint8Array {
  const header = length < 126 ? [0x81, 0x80 | length] : length < 65_536 ? [0x81, 0x80 | 126, length >> 8, length & 0xff] : [0x81, 0x80 | 127, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
  const bytes = new Uint8Array(header.length + 4 + length);
  bytes.set(header);
  return bytes;
}

describe('the frame scanner', () => {
  it('lets frames up to the limit through, across chunk boundaries, and sees the first one over it', () => {
    const scanner = createFrameScanner(32 * 1024);
    const stream = new Uint8Array([...frame(10), ...frame(32 * 1024), ...frame(200)]);
    for (let offset = 0; offset < stream.length; offset += 7) expect(scanner.feed(stream.subarray(offset, offset + 7))).toBe('ok');
    expect(scanner.feed(frame(32 * 1024 + 1).subarray(0, 3))).toBe('ok');
    // The verdict comes once the header is whole: 2 bytes, the 16-bit length, the 4-byte mask key.
    expect(scanner.feed(frame(32 * 1024 + 1).subarray(3, 8))).toBe('too-big');
  });

  it('reads 64-bit lengths', () => {
    expect(createFrameScanner(32 * 1024).feed(frame(70_000))).toBe('too-big');
  });
});
