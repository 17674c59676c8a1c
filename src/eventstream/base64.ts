/**
 * Base64 of raw bytes with the web-standard `btoa`, so the pure core needs no
 * `Buffer`. Works in slices to stay under argument-count limits.
 *
 * @example
 * toBase64(new TextEncoder().encode('hi')) // 'aGk='
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += slice) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + slice));
  }
  return btoa(binary);
}
