import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Which routes of a server only programs on this machine may use — the
 * emulator's `/_emulator/`, the Invoke API, `@connections` — and the token
 * they need when the server is reachable from elsewhere.
 */
export type ControlGuard = {
  /** Whether a path is one of the guarded routes. */
  readonly guards: (pathname: string) => boolean;
  /** Required on every guarded request (`Authorization: Bearer …` or `X-Emulator-Token`) when set. */
  readonly token?: string | undefined;
  /**
   * Which `Host` names a guarded request without a token may use: this
   * machine's own names by default (`isLoopbackName`); `addressOrLoopback`
   * for a server other machines reach by its address.
   */
  readonly acceptsHost?: (hostname: string) => boolean;
};

/**
 * The refusal for a guarded request a web page could have sent, or
 * undefined to let it through. A page on another origin sends an `Origin`
 * header it cannot forge (a cross-site `text/plain` POST needs no preflight,
 * so the header is the only tell); a DNS-rebinding page reaches us under its
 * own host name, so without a token the `Host` must name this machine.
 *
 * @example
 * const refused = refuseControlRequest(request, { guards: (path) => path.startsWith('/_emulator/') });
 */
export function refuseControlRequest(request: Request, guard: ControlGuard): Response | undefined {
  const pathname = pathSpellings(request.url).find(guard.guards);
  if (pathname === undefined) return undefined;
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null' && !isLoopbackName(hostnameOf(origin))) {
    return refusal(403, `cross-origin requests to ${pathname} are refused (Origin ${origin}): only programs on this machine may use it`);
  }
  if (origin === 'null') return refusal(403, `requests from an opaque origin to ${pathname} are refused`);
  if (guard.token !== undefined) {
    const given = request.headers.get('x-emulator-token') ?? /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(given, guard.token)) return refusal(401, `${pathname} needs the token printed at start: send it as Authorization: Bearer <token> or X-Emulator-Token`);
    return undefined;
  }
  const host = request.headers.get('host') ?? new URL(request.url).host;
  if (!(guard.acceptsHost ?? isLoopbackName)(hostnameOf(`http://${host}`))) {
    return refusal(403, `${pathname} answers only under this machine's own names (Host ${host}): a DNS-rebinding page is refused`);
  }
  return undefined;
}

/**
 * The spellings of a request URL's path the guard checks: as sent, and
 * percent-decoded each way a route behind it may decode it — Hono's router as
 * `decodeURI` does (an escaped `%` kept), the `@connections` app as
 * `decodeURIComponent` does (`%2F` too). A path is guarded when any spelling
 * is: `/%5Femulator/reset` is `/_emulator/reset` to the router, and
 * `/prod%2F@connections/x` is `/prod/@connections/x` to that app. A string's
 * slices, not a parsed URL: this runs for every request.
 *
 * @example
 * pathSpellings('http://127.0.0.1:8000/%5Femulator/reset?x=1') // ['/%5Femulator/reset', '/_emulator/reset', '/_emulator/reset']
 */
export function pathSpellings(url: string): string[] {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start === -1) return ['/'];
  let end = start;
  while (end < url.length && url[end] !== '?' && url[end] !== '#') end += 1;
  const path = url.slice(start, end);
  if (!path.includes('%')) return [path];
  return [path, leniently(path, decodeKeepingPercent), leniently(path, decodeURIComponent)];
}

/** `decodeURI`, but an escaped `%` stays escaped (it is not decoded twice), as the router does. */
const decodeKeepingPercent = (text: string): string => decodeURI(text.replaceAll('%25', '%2525'));

/** Decodes `text`; when a broken escape stops that, decodes each run of escapes that can be, as the router does. */
function leniently(text: string, decode: (text: string) => string): string {
  try {
    return decode(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
      try {
        return decode(escapes);
      } catch {
        return escapes;
      }
    });
  }
}

/** `localhost`, `*.localhost`, `127.x.x.x`, `::1`. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * A loopback name or an IP address. A DNS-rebinding page reaches a server
 * under a host *name* it controls, never under an address, so a server that
 * other machines reach by its address may accept any address.
 *
 * @example
 * addressOrLoopback('192.168.1.20') // true
 * addressOrLoopback('evil.example') // false
 */
export function addressOrLoopback(hostname: string): boolean {
  return isLoopbackName(hostname) || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refusal(status: number, message: string): Response {
  return Response.json({ message: `bedrock-emulator: ${message}` }, { status, headers: { 'x-amzn-ErrorType': status === 401 ? 'UnauthorizedException' : 'AccessDeniedException' } });
}
