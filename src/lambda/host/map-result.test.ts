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
  ])('maps %s', (_name, contentType, bytes, expected) => {
    expect(readable(mapStreamedBytes(contentType, bytes))).toEqual(expected);
  });
});
