import { describe, expect, it } from 'vitest';
import { imageSizeOf } from './image-size.ts';

const base64 = (bytes: readonly number[]): string => btoa(String.fromCharCode(...bytes));
const ascii = (text: string): number[] => Array.from(text, (character) => character.charCodeAt(0));
const uint = (value: number, size: number, littleEndian: boolean): number[] => {
  const bytes = Array.from({ length: size }, (_, index) => Math.floor(value / 256 ** index) % 256);
  return littleEndian ? bytes : bytes.reverse();
};

/** A PNG's signature and IHDR chunk (then a byte of IDAT, which the reader never looks at). */
const png = (width: number, height: number): number[] => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...uint(13, 4, false), ...ascii('IHDR'), ...uint(width, 4, false), ...uint(height, 4, false), 8, 6, 0, 0, 0, 0, 0, 0, 0];
const gif = (version: string, width: number, height: number): number[] => [...ascii(version), ...uint(width, 2, true), ...uint(height, 2, true), 0xf7, 0, 0];
const riff = (chunk: number[]): number[] => [...ascii('RIFF'), ...uint(chunk.length + 4, 4, true), ...ascii('WEBP'), ...chunk];
const webpLossy = (width: number, height: number): number[] => riff([...ascii('VP8 '), ...uint(10, 4, true), 0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...uint(width, 2, true), ...uint(height, 2, true)]);
const webpLossless = (width: number, height: number): number[] => riff([...ascii('VP8L'), ...uint(5, 4, true), 0x2f, ...uint((width - 1) | ((height - 1) << 14), 4, true)]);
const webpExtended = (width: number, height: number): number[] => riff([...ascii('VP8X'), ...uint(10, 4, true), 0x10, 0, 0, 0, ...uint(width - 1, 3, true), ...uint(height - 1, 3, true)]);
const segment = (marker: number, payload: number[]): number[] => [0xff, marker, ...uint(payload.length + 2, 2, false), ...payload];
/** A JPEG: start of image, an APP0 (JFIF) and an EXIF-sized APP1 before the frame, as cameras write them. */
const jpeg = (frameMarker: number, width: number, height: number, before: number[] = []): number[] => [
  0xff, 0xd8,
  ...segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  ...segment(0xe1, Array.from({ length: 3000 }, (_, index) => index % 251)),
  ...segment(0xdb, Array.from({ length: 65 }, () => 1)),
  ...before,
  ...segment(frameMarker, [8, ...uint(height, 2, false), ...uint(width, 2, false), 3, 1, 0x22, 0]),
  ...segment(0xc4, [0]),
];

describe('imageSizeOf', () => {
  it.each([
    ['PNG', png(1092, 1092), { width: 1092, height: 1092 }],
    ['PNG, wide', png(4000, 1), { width: 4000, height: 1 }],
    ['GIF89a', gif('GIF89a', 320, 200), { width: 320, height: 200 }],
    ['GIF87a', gif('GIF87a', 1, 65535), { width: 1, height: 65535 }],
    ['WebP, lossy (VP8)', webpLossy(900, 450), { width: 900, height: 450 }],
    ['WebP, lossless (VP8L)', webpLossless(1400, 900), { width: 1400, height: 900 }],
    ['WebP, extended (VP8X)', webpExtended(16383, 1), { width: 16383, height: 1 }],
    ['JPEG, baseline after APP0, a long APP1 and DQT', jpeg(0xc0, 1024, 768), { width: 1024, height: 768 }],
    ['JPEG, progressive', jpeg(0xc2, 200, 200), { width: 200, height: 200 }],
    ['JPEG, a DHT and fill bytes before the frame', jpeg(0xc0, 640, 480, [0xff, ...segment(0xc4, [1, 2, 3])]), { width: 640, height: 480 }],
  ])('reads %s', (_, bytes, size) => {
    expect(imageSizeOf(base64(bytes))).toEqual(size);
  });

  it.each([
    ['text', ascii('hello, world, this is not an image')],
    ['a PNG cut short in its IHDR', png(10, 10).slice(0, 18)],
    ['a JPEG cut short before its frame', jpeg(0xc0, 10, 10).slice(0, 200)],
    ['a PNG of width 0', png(0, 10)],
    ['a RIFF file that is not WebP', [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVEfmt ')]],
    ['nothing', []],
  ])('gives undefined for %s', (_, bytes) => {
    expect(imageSizeOf(base64(bytes))).toBeUndefined();
  });

  it('gives undefined for text that is not base64', () => {
    expect(imageSizeOf('not base64 at all!')).toBeUndefined();
  });
});
