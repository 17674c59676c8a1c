import type { ImageSize } from '../fixtures/request.ts';

/**
 * An image's width and height in pixels, read from the header of its bytes
 * as base64 (the form every Bedrock body carries them in): PNG, JPEG, GIF
 * and WebP, the formats Claude and Nova take. Only the header is decoded —
 * a few bytes, or a JPEG's segment headers up to its frame — never the
 * image. Undefined for bytes of another format, or a header cut short.
 *
 * @example
 * imageSizeOf('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==') // { width: 1, height: 1 }
 */
export function imageSizeOf(base64: string): ImageSize | undefined {
  const bytes = base64Bytes(base64);
  const size = pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
  return size !== undefined && size.width > 0 && size.height > 0 ? size : undefined;
}

/** Random access to the bytes of base64 text: byte `i` is decoded from the 4 characters holding it. */
type Bytes = { readonly length: number; at(index: number): number | undefined };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const sextets = new Int8Array(128).fill(-1);
for (let index = 0; index < alphabet.length; index += 1) sextets[alphabet.charCodeAt(index)] = index;

function base64Bytes(base64: string): Bytes {
  const length = Math.floor(base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  const sextet = (position: number): number => {
    const code = base64.charCodeAt(position);
    return code < 128 ? (sextets[code] ?? -1) : -1;
  };
  return {
    length,
    at(index) {
      if (index < 0 || index >= length) return undefined;
      const group = Math.floor(index / 3) * 4;
      const first = sextet(group);
      const second = sextet(group + 1);
      if (first < 0 || second < 0) return undefined;
      const within = index % 3;
      if (within === 0) return (first << 2) | (second >> 4);
      const third = sextet(group + 2);
      if (third < 0) return undefined;
      if (within === 1) return ((second & 0x0f) << 4) | (third >> 2);
      const fourth = sextet(group + 3);
      return fourth < 0 ? undefined : ((third & 0x03) << 6) | fourth;
    },
  };
}

/** Whether the bytes at `offset` are the ASCII of `text` (or, given numbers, those bytes). */
function startsWith(bytes: Bytes, offset: number, expected: string | readonly number[]): boolean {
  for (let index = 0; index < expected.length; index += 1) {
    const want = typeof expected === 'string' ? expected.charCodeAt(index) : expected[index];
    if (bytes.at(offset + index) !== want) return false;
  }
  return true;
}

/** An unsigned integer of `size` bytes at `offset`, big- or little-endian; undefined past the end. */
function readUint(bytes: Bytes, offset: number, size: number, littleEndian: boolean): number | undefined {
  let value = 0;
  for (let index = 0; index < size; index += 1) {
    const byte = bytes.at(littleEndian ? offset + size - 1 - index : offset + index);
    if (byte === undefined) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

const sized = (width: number | undefined, height: number | undefined): ImageSize | undefined => (width === undefined || height === undefined ? undefined : { width, height });

/** PNG: the signature, then the IHDR chunk's width and height (big-endian). */
function pngSize(bytes: Bytes): ImageSize | undefined {
  if (!startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || !startsWith(bytes, 12, 'IHDR')) return undefined;
  return sized(readUint(bytes, 16, 4, false), readUint(bytes, 20, 4, false));
}

/** GIF: the logical screen's width and height (little-endian) after `GIF87a` / `GIF89a`. */
function gifSize(bytes: Bytes): ImageSize | undefined {
  if (!startsWith(bytes, 0, 'GIF87a') && !startsWith(bytes, 0, 'GIF89a')) return undefined;
  return sized(readUint(bytes, 6, 2, true), readUint(bytes, 8, 2, true));
}

/** WebP: a RIFF file whose first chunk is lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`), each with its own size fields. */
function webpSize(bytes: Bytes): ImageSize | undefined {
  if (!startsWith(bytes, 0, 'RIFF') || !startsWith(bytes, 8, 'WEBP')) return undefined;
  if (startsWith(bytes, 12, 'VP8 ')) {
    // The key frame's start code, then 14-bit width and height.
    if (!startsWith(bytes, 23, [0x9d, 0x01, 0x2a])) return undefined;
    const width = readUint(bytes, 26, 2, true);
    const height = readUint(bytes, 28, 2, true);
    return sized(width === undefined ? undefined : width & 0x3fff, height === undefined ? undefined : height & 0x3fff);
  }
  if (startsWith(bytes, 12, 'VP8L')) {
    // The signature byte 0x2f, then width − 1 and height − 1 in 14 bits each, least significant first.
    const bits = bytes.at(20) === 0x2f ? readUint(bytes, 21, 4, true) : undefined;
    return bits === undefined ? undefined : { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (startsWith(bytes, 12, 'VP8X')) {
    // The canvas's width − 1 and height − 1, 24 bits each.
    const width = readUint(bytes, 24, 3, true);
    const height = readUint(bytes, 27, 3, true);
    return sized(width === undefined ? undefined : width + 1, height === undefined ? undefined : height + 1);
  }
  return undefined;
}

/** The most segments a JPEG header is walked through before its frame: metadata rarely takes more than a handful. */
const maxJpegSegments = 512;

/**
 * JPEG: walk the segments after the start-of-image marker (each says its
 * length) to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC),
 * which holds the height and width (big-endian).
 */
function jpegSize(bytes: Bytes): ImageSize | undefined {
  if (!startsWith(bytes, 0, [0xff, 0xd8])) return undefined;
  let offset = 2;
  for (let segment = 0; segment < maxJpegSegments && offset < bytes.length; segment += 1) {
    if (bytes.at(offset) !== 0xff) return undefined;
    // Fill bytes (0xff) may pad before a marker.
    let marker = bytes.at(offset + 1);
    while (marker === 0xff) {
      offset += 1;
      marker = bytes.at(offset + 1);
    }
    if (marker === undefined) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized(readUint(bytes, offset + 7, 2, false), readUint(bytes, offset + 5, 2, false));
    }
    // Markers without a length: restart markers, start of image, TEM.
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = readUint(bytes, offset + 2, 2, false);
    if (length === undefined || length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}
