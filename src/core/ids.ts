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

/**
 * A short id in API Gateway's form, 16 characters ending in `=` (11 random
 * bytes, base64): extended request ids, HTTP API request ids, WebSocket
 * connection, request and message ids.
 *
 * @example
 * shortId() // e.g. 'LiaEkHIfoAMFnMQ='
 */
export function shortId(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(11))));
}

/**
 * A stable API id for a name: ten lower-case letters and digits, as API
 * Gateway's ids look (`a1b2c3d4e5`), the same every run so URLs and events
 * repeat: FNV-1a over the name and a round number, five base-36 digits a round.
 *
 * @example
 * apiIdFor('chat') // '0uv1g18pck'
 */
export function apiIdFor(name: string): string {
  let hash = 2166136261;
  let id = '';
  for (let round = 0; id.length < 10; round++) {
    for (const char of `${name}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    id += (hash >>> 0).toString(36).padStart(7, '0').slice(0, 5);
  }
  return id.slice(0, 10);
}
