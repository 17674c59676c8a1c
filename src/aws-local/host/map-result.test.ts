import { describe, expect, it } from 'vitest';
import { mapClassicResult, mapStreamedBytes, type WholeAnswer } from './map-result.ts';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const readable = (answer: WholeAnswer) => (answer.kind === 'answer' ? { ...answer.metadata, body: new TextDecoder().decode(answer.body) } : { error: answer.error?.errorType });

describe('mapClassicResult (a classic handler behind a Function URL)', () => {
  it.each([
    ['a result with statusCode', { statusCode: 202, headers: { 'X-A': 'yes' }, cookies: ['c=3'], body: 'text' }, { statusCode: 202, headers: { 'X-A': 'yes' }, cookies: ['c=3'], body: 'text' }],
    ['a base64 body', { statusCode: 200, body: btoa('\u0000\u00ff'), isBase64Encoded: true }, { statusCode: 200, headers: {}, cookies: [], body: '\u0000\ufffd' }],
    ['an object body, as JSON', { statusCode: 200, body: { a: 1 } }, { statusCode: 200, headers: {}, cookies: [], body: '{"a":1}' }],
    ['any other JSON, as a 200 application/json body', { hello: 'world' }, { statusCode: 200, headers: { 'Content-Type': 'application/json' }, cookies: [], body: '{"hello":"world"}' }],
    ['a result that is not JSON', 'not json', { error: 'Runtime.InvalidResponse' }],
    // What no HTTP response can carry is the function's error (502), never a hang.
    ['a statusCode that is no HTTP status', { statusCode: 1000, body: 'x' }, { error: 'Runtime.InvalidResponse' }],
    ['an informational statusCode (a client would wait on for the answer)', { statusCode: 103, body: 'x' }, { error: 'Runtime.InvalidResponse' }],
    ['a header value with a character past U+00FF', { statusCode: 200, headers: { 'X-A': '\u20ac' } }, { error: 'Runtime.InvalidResponse' }],
    ['a header with a line break in its value', { statusCode: 200, headers: { 'X-A': 'one\r\nX-Injected: two' } }, { error: 'Runtime.InvalidResponse' }],
    ['a header name that is no token', { statusCode: 200, headers: { 'Bad Name': 'x' } }, { error: 'Runtime.InvalidResponse' }],
    ['a cookie with a line break', { statusCode: 200, cookies: ['a=1\nb=2'] }, { error: 'Runtime.InvalidResponse' }],
  ])('maps %s', (_name, result, expected) => {
    expect(readable(mapClassicResult(encode(result), 1000))).toEqual(expected);
  });

  it('refuses a result over the buffered limit', () => {
    expect(readable(mapClassicResult(encode({ big: 'x'.repeat(100) }), 50))).toEqual({ error: 'Function.ResponseSizeTooLarge' });
  });
});

describe('mapStreamedBytes (a streamed response, buffered)', () => {
  const integration = 'application/vnd.awslambda.http-integration-response';
  const withPrelude = new Uint8Array([...encode('{"statusCode":201}'), 0, 0, 0, 0, 0, 0, 0, 0, ...encode('hi')]);
  it.each([
    ['a plain stream, with its content type', 'text/plain', encode('hi'), { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, cookies: [], body: 'hi' }],
    ['a stream with a prelude', integration, withPrelude, { statusCode: 201, headers: {}, cookies: [], body: 'hi' }],
    ['an empty stream opened with a prelude (from(…).end())', integration, new Uint8Array(), { statusCode: 200, headers: {}, cookies: [], body: '' }],
    ['bytes with no prelude (from(…).end(data))', integration, encode('hi'), { error: undefined }],
    ['a prelude whose status is no HTTP status', integration, new Uint8Array([...encode('{"statusCode":1000}'), 0, 0, 0, 0, 0, 0, 0, 0, ...encode('hi')]), { error: 'Runtime.InvalidResponse' }],
    ['a prelude with a line break in a header', integration, new Uint8Array([...encode('{"headers":{"X-A":"a\\nb"}}'), 0, 0, 0, 0, 0, 0, 0, 0, ...encode('hi')]), { error: 'Runtime.InvalidResponse' }],
  ])('maps %s', (_name, contentType, bytes, expected) => {
    expect(readable(mapStreamedBytes(contentType, bytes))).toEqual(expected);
  });
});
