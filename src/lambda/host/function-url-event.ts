import type http from 'node:http';

/** Content types whose bodies a Function URL passes as text; others arrive base64-encoded. */
const textContentType = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|graphql|.*\+json|.*\+xml))/i;

/**
 * The Function URL request event, payload format 2.0 (REFERENCE §7.3):
 * header names lower-cased and repeats comma-joined, cookies moved to
 * `cookies`, query parameters comma-joined, binary bodies base64.
 *
 * @example
 * const event = functionUrlEvent(request, body, { requestId, urlId: 'abc123', region: 'us-east-1' });
 */
export function functionUrlEvent(
  request: http.IncomingMessage,
  body: Buffer,
  context: { readonly requestId: string; readonly urlId: string; readonly region: string; readonly accountId: string },
): Record<string, unknown> {
  const url = new URL(request.url ?? '/', 'http://function-url');
  const domainName = `${context.urlId}.lambda-url.${context.region}.on.aws`;
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? '').toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    if (name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  headers['host'] = domainName;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-for'] = request.socket.remoteAddress ?? '127.0.0.1';
  headers['x-amzn-trace-id'] ??= traceId(context.requestId);
  const cookies = (request.headers.cookie ?? '').split(';').map((cookie) => cookie.trim()).filter((cookie) => cookie !== '');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = new Date();
  const isText = body.length === 0 || textContentType.test(headers['content-type'] ?? 'text/plain');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(url.search === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.urlId,
      authentication: null,
      authorizer: null,
      domainName,
      domainPrefix: context.urlId,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: '$default',
      stage: '$default',
      time: accessLogTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length === 0 ? {} : { body: isText ? body.toString('utf8') : body.toString('base64') }),
    pathParameters: null,
    isBase64Encoded: !isText,
    stageVariables: null,
  };
}

/** An X-Ray trace id for a request. */
export function traceId(requestId: string): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${requestId.replaceAll('-', '').slice(0, 24)}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the access-log time Function URL events carry. */
function accessLogTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
