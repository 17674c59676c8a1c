/**
 * A 64-bit hash of a text (two 32-bit FNV-style lanes), as 16 hex digits:
 * a key that stays short however long what it stands for (a prompt prefix,
 * a request's documents). Not for security: collisions are only unlikely.
 * Several parts hash as their concatenation would, without building it (a
 * 20 MB block is not copied to be hashed).
 *
 * @example
 * hashText('You are terse.') // e.g. '6c8f0a1e93d2b457'
 * hashText(previousKey, '|', blockJson) === hashText(`${previousKey}|${blockJson}`) // true
 */
export function hashText(...parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ parts.reduce((length, part) => length + part.length, 0);
  for (const text of parts) {
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
