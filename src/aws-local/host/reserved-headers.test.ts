import { describe, expect, it } from 'vitest';
import { forwardedHeaders, headerTreatment } from './reserved-headers.ts';

describe('the headers a front door drops or renames', () => {
  it.each([
    // REST's documented table (a Function URL gets the same).
    ['rest-api', 'WWW-Authenticate', 'remap'],
    ['rest-api', 'connection', 'remap'],
    ['rest-api', 'Date', 'remap'],
    ['rest-api', 'Server', 'remap'],
    ['rest-api', 'Transfer-Encoding', 'drop'],
    ['rest-api', 'Via', 'drop'],
    ['rest-api', 'Expect', 'drop'],
    ['function-url', 'WWW-Authenticate', 'remap'],
    ['function-url', 'TE', 'drop'],
    // An HTTP API renames nothing, but drops the connection's own headers.
    ['http-api', 'WWW-Authenticate', 'pass'],
    ['http-api', 'Via', 'pass'],
    ['http-api', 'Connection', 'drop'],
    ['http-api', 'Keep-Alive', 'drop'],
    // Every door: the length is the body's own, and HTTP/2's forbidden headers never pass.
    ['http-api', 'Content-Length', 'drop'],
    ['rest-api', 'content-length', 'drop'],
    ['function-url', 'Proxy-Connection', 'drop'],
    ['function-url', 'HTTP2-Settings', 'drop'],
    ['rest-api', 'Host', 'drop'],
    ['rest-api', 'Content-Type', 'pass'],
    ['function-url', 'Set-Cookie', 'pass'],
  ] as const)('%s: %s is %s', (door, name, treatment) => {
    expect(headerTreatment(door, name)).toBe(treatment);
  });

  it('keeps order and repeats, renames with the x-amzn-Remapped- prefix', () => {
    const headers = [['Transfer-Encoding', 'chunked'], ['X-A', '1'], ['WWW-Authenticate', 'Basic'], ['X-A', '2'], ['Content-Length', '999']] as const;
    expect(forwardedHeaders('function-url', headers)).toEqual([['X-A', '1'], ['x-amzn-Remapped-WWW-Authenticate', 'Basic'], ['X-A', '2']]);
    expect(forwardedHeaders('http-api', headers)).toEqual([['X-A', '1'], ['WWW-Authenticate', 'Basic'], ['X-A', '2']]);
  });
});
