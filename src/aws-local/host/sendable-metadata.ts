/**
 * Whether a function's status code can be a response's status: 200–599. A
 * 1xx is informational (a client waits on for the real answer, so it would
 * hang), and anything else is no HTTP status at all.
 *
 * @example
 * isFinalStatus(201) // true
 * isFinalStatus(101) // false
 */
export function isFinalStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** An HTTP header name: an RFC 9110 token. */
const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a header value may hold on the wire: tab, visible ASCII, space and Latin-1 (Node's own check). */
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Why a header a function answered with cannot be sent, or `undefined` when
 * it can: its name must be an RFC 9110 token, its value free of line breaks
 * (a CR or LF would end the header and start another), other control
 * characters and anything past U+00FF. The one rule every front door maps a
 * result's headers and cookies with, so what fails here is the function's
 * error at each door, never a response that breaks on its way out.
 *
 * @example
 * headerFault('X-A', 'one\r\nX-Injected: two') // 'header "X-A" has a line break (CR or LF) in its value'
 * headerFault('Content-Type', 'text/plain') // undefined
 */
export function headerFault(name: string, value: string): string | undefined {
  if (!tokenName.test(name)) return `header ${JSON.stringify(name)} has an invalid name (letters, digits and !#$%&'*+-.^_\`|~ only, no spaces)`;
  return valueFault(`header ${JSON.stringify(name)}`, value);
}

/**
 * Why a cookie (one `Set-Cookie` value) cannot be sent, or `undefined`.
 *
 * @example
 * cookieFault('a=1\nb=2') // 'a cookie has a line break (CR or LF) in it'
 */
export function cookieFault(cookie: string): string | undefined {
  return valueFault('a cookie', cookie, 'in it');
}

function valueFault(what: string, value: string, where = 'in its value'): string | undefined {
  if (fieldValue.test(value)) return undefined;
  if (/[\r\n]/.test(value)) return `${what} has a line break (CR or LF) ${where}`;
  if (/[\0-\x08\x0a-\x1f\x7f]/.test(value)) return `${what} has a control character ${where}`;
  return `${what} has a character beyond U+00FF ${where} (send it encoded, e.g. percent- or RFC 8187-encoded)`;
}
