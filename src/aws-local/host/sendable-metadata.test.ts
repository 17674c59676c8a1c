import { describe, expect, it } from 'vitest';
import { cookieFault, headerFault, isFinalStatus } from './sendable-metadata.ts';

describe('what a response can carry', () => {
  it.each([
    ['an ordinary header', 'Content-Type', 'text/plain; charset=utf-8', undefined],
    ['tabs, spaces and Latin-1 in a value', 'X-A', 'caf\u00e9\tau lait', undefined],
    ['an empty value', 'X-A', '', undefined],
    ['a CR LF that would start another header', 'X-A', 'one\r\nX-Injected: two', 'header "X-A" has a line break (CR or LF) in its value'],
    ['a bare LF', 'X-A', 'one\ntwo', 'header "X-A" has a line break (CR or LF) in its value'],
    ['a NUL', 'X-A', 'a\u0000b', 'header "X-A" has a control character in its value'],
    ['DEL', 'X-A', 'a\u007fb', 'header "X-A" has a control character in its value'],
    ['a character past U+00FF', 'X-A', '\u20ac', 'header "X-A" has a character beyond U+00FF in its value (send it encoded, e.g. percent- or RFC 8187-encoded)'],
    ['a space in the name', 'X A', 'one', 'header "X A" has an invalid name (letters, digits and !#$%&\'*+-.^_`|~ only, no spaces)'],
    ['a colon in the name', 'X-A:', 'one', 'header "X-A:" has an invalid name (letters, digits and !#$%&\'*+-.^_`|~ only, no spaces)'],
    ['an empty name', '', 'one', 'header "" has an invalid name (letters, digits and !#$%&\'*+-.^_`|~ only, no spaces)'],
  ])('%s', (_case, name, value, fault) => {
    expect(headerFault(name, value)).toBe(fault);
  });

  it('checks a cookie as a header value', () => {
    expect(cookieFault('session=abc; Path=/; HttpOnly')).toBeUndefined();
    expect(cookieFault('a=1\r\nX-Injected: two')).toBe('a cookie has a line break (CR or LF) in it');
  });

  it('takes 200 to 599 as a final status, not a 1xx (a client would wait on) nor anything else', () => {
    expect([200, 204, 418, 599].map(isFinalStatus)).toEqual([true, true, true, true]);
    expect([100, 101, 103, 199, 600, 1000, 200.5, '200', Number.NaN].map(isFinalStatus)).toEqual(new Array(9).fill(false));
  });
});
