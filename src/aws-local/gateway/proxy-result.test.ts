import { describe, expect, it } from 'vitest';
import { mapHttpApiResult, mapRestResult, mapStreamMetadata } from './proxy-result.ts';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const reasonOf = (mapped: ReturnType<typeof mapRestResult>) => (mapped.kind === 'malformed' ? mapped.reason : 'answered');

describe('a proxy result no HTTP response can carry is malformed (the door\'s error), never a response that breaks', () => {
  it.each([
    ['a line break in a header value', { statusCode: 200, headers: { 'X-A': 'one\r\nX-Injected: two' } }, 'header "X-A" has a line break (CR or LF) in its value'],
    ['a line break in a multi-value header', { statusCode: 200, multiValueHeaders: { 'X-A': ['ok', 'one\nX-Injected: two'] } }, 'header "X-A" has a line break (CR or LF) in its value'],
    ['a space in a header name', { statusCode: 200, headers: { 'X A': 'one' } }, 'header "X A" has an invalid name (letters, digits and !#$%&\'*+-.^_`|~ only, no spaces)'],
    ['an informational status', { statusCode: 101 }, 'statusCode must be a final HTTP status code (200 to 599)'],
    ['good headers', { statusCode: 200, headers: { 'X-A': 'one' }, multiValueHeaders: { 'X-B': ['1', '2'] } }, 'answered'],
  ])('REST (1.0): %s', (_case, result, reason) => {
    expect(reasonOf(mapRestResult(encode(result)))).toBe(reason);
  });

  it.each([
    ['a line break in a header value', { statusCode: 200, headers: { 'X-A': 'a\rb' } }, 'header "X-A" has a line break (CR or LF) in its value'],
    ['a line break in a cookie', { statusCode: 200, cookies: ['a=1\r\nX-Injected: two'] }, 'a cookie has a line break (CR or LF) in it'],
    ['a character past U+00FF', { statusCode: 200, headers: { 'X-A': '\u20ac' } }, 'header "X-A" has a character beyond U+00FF in its value (send it encoded, e.g. percent- or RFC 8187-encoded)'],
    ['good cookies', { statusCode: 200, cookies: ['a=1', 'b=2'] }, 'answered'],
  ])('HTTP API (2.0): %s', (_case, result, reason) => {
    expect(reasonOf(mapHttpApiResult(encode(result)))).toBe(reason);
  });

  it('REST STREAM metadata: the same rule for headers, multi-value headers and cookies', () => {
    expect(mapStreamMetadata('{"multiValueHeaders":{"X-M":["a","b\\nc"]}}')).toEqual({ reason: 'header "X-M" has a line break (CR or LF) in its value' });
    expect(mapStreamMetadata('{"cookies":["a=1\\r\\nb"]}')).toEqual({ reason: 'a cookie has a line break (CR or LF) in it' });
    expect(mapStreamMetadata('{"statusCode":201,"cookies":["a=1"]}')).toEqual({ status: 201, headers: [['set-cookie', 'a=1']] });
  });
});
