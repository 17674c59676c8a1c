import { describe, expect, it } from 'vitest';
import { headRefusal } from './head-refusal.ts';

describe('the response headers Node refuses to write', () => {
  it('refuses on HTTP/2 the connection-specific headers HTTP/1.1 allows', () => {
    for (const [name, value] of [['transfer-encoding', 'chunked'], ['connection', 'close'], ['keep-alive', 'timeout=5'], ['upgrade', 'h2c'], ['proxy-connection', 'close'], ['http2-settings', 'AAMAAABkAAQAoAAAAAIAAAAA'], ['te', 'gzip']] as const) {
      const headers = new Headers([[name, value]]);
      expect(headRefusal(headers, '2.0')).toBe(`header "${name}" is connection-specific: HTTP/2 forbids it in a response`);
      expect(headRefusal(headers, '1.1')).toBeUndefined();
    }
    expect(headRefusal(new Headers({ te: 'trailers' }), '2.0')).toBeUndefined();
    expect(headRefusal(new Headers({ host: 'elsewhere.example' }), '2.0')).toBeUndefined();
  });

  it('refuses a value with a character Node will not write, on either protocol', () => {
    const headers = new Headers({ 'x-a': 'a\u0001b' });
    expect(headRefusal(headers, '1.1')).toBe('Invalid character in header content ["x-a"]');
    expect(headRefusal(headers, '2.0')).toBe('Invalid character in header content ["x-a"]');
  });

  it('lets ordinary headers through, cookies and Latin-1 included', () => {
    const headers = new Headers([['content-type', 'text/plain'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x-a', 'caf\u00e9']]);
    expect([headRefusal(headers, '1.1'), headRefusal(headers, '2.0')]).toEqual([undefined, undefined]);
  });
});
