const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random id in the style Bedrock uses, e.g. `msg_bdrk_01…` for Claude
 * messages. Ids only need to look real and differ between calls, not to be
 * unguessable, so `Math.random` does (it costs a fraction of
 * `crypto.getRandomValues` on small arrays, and this runs per request).
 *
 * @example
 * randomId('msg_bdrk_01', 22)
 */
export function randomId(prefix: string, length: number): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += base62[Math.floor(Math.random() * base62.length)];
  return id;
}
