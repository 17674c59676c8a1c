/** A front door that sends a function's headers on to its client. */
export type HeaderDoor = 'function-url' | 'rest-api' | 'http-api';

/**
 * Headers about one connection or hop rather than the answer — hop-by-hop
 * (RFC 9110 §7.6.1), HTTP/2's `HTTP2-Settings`, `Trailer`, `Host` and
 * `Proxy-Authenticate` — that no front door passes on from a function: each
 * hop frames its own answer (HTTP/2 forbids the hop-by-hop ones, RFC 9113
 * §8.2.2). REST drops all but `Keep-Alive`, `Proxy-Connection` and
 * `HTTP2-Settings`, which its table leaves out, and renames `Connection`.
 */
const connectionHeaders = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'http2-settings', 'host', 'proxy-authenticate']);

/**
 * API Gateway REST's table for a Lambda proxy integration's response
 * (docs/protocol/lambda-streaming.md#headers-a-front-door-drops-or-renames):
 * these reach the client renamed `x-amzn-Remapped-<name>` (`Date` and
 * `Server` are then the gateway's own)…
 */
const restRemapped = new Set(['authorization', 'connection', 'content-md5', 'date', 'max-forwards', 'server', 'user-agent', 'www-authenticate']);
/** …and these not at all. */
const restDropped = new Set(['expect', 'host', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via']);

/** What a door does with one header of a function's answer. */
export type HeaderTreatment = 'pass' | 'drop' | 'remap';

/**
 * What a front door does with one header a function answered with. REST
 * follows AWS's documented table; a Function URL is reported to rename the
 * same headers, and gets the same table; an HTTP API passes them on. Every
 * door drops the connection's own headers (`Transfer-Encoding`, `Keep-Alive`,
 * …) and `Content-Length`: the answer is framed by the host, with the length
 * of the body it really sends.
 *
 * @example
 * headerTreatment('rest-api', 'WWW-Authenticate') // 'remap'
 * headerTreatment('http-api', 'Transfer-Encoding') // 'drop'
 */
export function headerTreatment(door: HeaderDoor, name: string): HeaderTreatment {
  const lower = name.toLowerCase();
  if (door !== 'http-api' && restRemapped.has(lower)) return 'remap';
  if (lower === 'content-length' || connectionHeaders.has(lower) || (door !== 'http-api' && restDropped.has(lower))) return 'drop';
  return 'pass';
}

/**
 * A function's headers as its front door sends them on: renamed to
 * `x-amzn-Remapped-<name>` or dropped as the door does, in order, repeats
 * kept. Pure; a header with nothing reserved about it costs one lookup.
 *
 * @example
 * forwardedHeaders('function-url', [['Transfer-Encoding', 'chunked'], ['WWW-Authenticate', 'Basic'], ['X-A', '1']])
 * // [['x-amzn-Remapped-WWW-Authenticate', 'Basic'], ['X-A', '1']]
 */
export function forwardedHeaders(door: HeaderDoor, headers: Iterable<readonly [string, string]>): [string, string][] {
  const forwarded: [string, string][] = [];
  for (const [name, value] of headers) {
    const treatment = headerTreatment(door, name);
    if (treatment === 'pass') forwarded.push([name, value]);
    else if (treatment === 'remap') forwarded.push([`x-amzn-Remapped-${name}`, value]);
  }
  return forwarded;
}
