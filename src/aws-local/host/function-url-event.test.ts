import { describe, expect, it } from 'vitest';
import { functionUrlEvent, traceId } from './function-url-event.ts';
import type { ReceivedRequest } from './received-request.ts';

const now = new Date('2026-03-12T19:03:58Z');
const context = { requestId: '11111111-2222-3333-4444-555555555555', urlId: 'abc', region: 'eu-west-1', accountId: '123456789012', now };
const request = (overrides: Partial<ReceivedRequest>): ReceivedRequest => ({ method: 'POST', target: '/', rawHeaders: [], body: new Uint8Array(), sourceIp: '10.0.0.1', protocol: 'HTTP/1.1', ...overrides });

describe('functionUrlEvent (payload format 2.0)', () => {
  it('lower-cases header names, joins repeats with commas, moves cookies out, skips HTTP/2 pseudo-headers', () => {
    const event = functionUrlEvent(request({ rawHeaders: [':path', '/', 'X-Multi', 'a', 'x-multi', 'b', 'Cookie', 'c1=v1; c2=v2', 'cookie', 'c3=v3'] }), context);
    expect(event['headers']).toEqual({
      'x-multi': 'a,b',
      host: 'abc.lambda-url.eu-west-1.on.aws',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '10.0.0.1',
      'x-amzn-trace-id': traceId(context.requestId, now),
    });
    expect(event['cookies']).toEqual(['c1=v1', 'c2=v2', 'c3=v3']);
  });

  it('keeps the raw query and joins repeated parameters', () => {
    const event = functionUrlEvent(request({ target: '/chat?a=1&a=2&b=x' }), context);
    expect(event).toMatchObject({ rawPath: '/chat', rawQueryString: 'a=1&a=2&b=x', queryStringParameters: { a: '1,2', b: 'x' } });
  });

  it.each([
    ['application/json', [123, 125], { body: '{}', isBase64Encoded: false }],
    ['text/plain', [104, 105], { body: 'hi', isBase64Encoded: false }],
    ['application/octet-stream', [0, 255], { body: 'AP8=', isBase64Encoded: true }],
  ])('passes a %s body as the event body', (contentType, body, expected) => {
    expect(functionUrlEvent(request({ rawHeaders: ['Content-Type', contentType], body: new Uint8Array(body) }), context)).toMatchObject(expected);
  });

  it('leaves out the body, the query and the cookies when there are none', () => {
    const event = functionUrlEvent(request({}), context);
    expect(Object.keys(event)).not.toContain('body');
    expect(Object.keys(event)).not.toContain('queryStringParameters');
    expect(Object.keys(event)).not.toContain('cookies');
  });

  it('describes the request as Lambda does', () => {
    expect(functionUrlEvent(request({ rawHeaders: ['User-Agent', 'curl/8'] }), context)['requestContext']).toEqual({
      accountId: '123456789012',
      apiId: 'abc',
      authentication: null,
      authorizer: null,
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '10.0.0.1', userAgent: 'curl/8' },
      requestId: context.requestId,
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: now.getTime(),
    });
  });
});
