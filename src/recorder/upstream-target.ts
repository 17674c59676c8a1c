/**
 * The URL a client's call is forwarded to: the upstream's scheme, host and
 * port, always, with the client's path and query. The path is set, never
 * resolved against the upstream: resolved, a path such as
 * `//attacker.example/x` (which `/..//attacker.example/x` becomes) names a
 * host of its own, and the recorder would sign for it and send it its
 * credentials.
 *
 * @example
 * upstreamTarget(new URL('https://bedrock-runtime.us-east-1.amazonaws.com'), 'http://127.0.0.1:4010//evil.example/x?a=1').href
 * // 'https://bedrock-runtime.us-east-1.amazonaws.com//evil.example/x?a=1'
 */
export function upstreamTarget(upstream: URL, requestUrl: string): URL {
  const request = new URL(requestUrl);
  const target = new URL(upstream.origin);
  target.pathname = request.pathname;
  target.search = request.search;
  // Setting the path of a URL cannot change its host; this says so where it matters most.
  if (target.origin !== upstream.origin) throw new Error(`the recorder forwards only to ${upstream.origin}, not ${target.origin}`);
  return target;
}
