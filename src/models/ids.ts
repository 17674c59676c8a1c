const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random id in the style Bedrock uses, e.g. `msg_bdrk_01…` for Claude
 * messages. Uses the web-standard `crypto`, so it stays pure.
 *
 * @example
 * randomId('msg_bdrk_01', 22)
 */
export function randomId(prefix: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = prefix;
  for (const byte of bytes) id += base62[byte % base62.length];
  return id;
}
