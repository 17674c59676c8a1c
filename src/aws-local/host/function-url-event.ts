import { toBase64 } from '../../core/event-stream/base64.ts';
import type { ReceivedRequest } from './received-request.ts';

/** Content types whose bodies a Function URL passes as text; others arrive base64-encoded. */
const textContentType = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|graphql|.*\+json|.*\+xml))/i;

export type FunctionUrlContext = { readonly requestId: string; readonly urlId: string; readonly region: string; readonly accountId: string; readonly now: Date };

const textDecoder = new TextDecoder();

/**
 * The Function URL request event, payload format 2.0 (docs/protocol/lambda-streaming.md#request-event):
 * header names lower-cased and repeats comma-joined, cookies moved to
 * `cookies`, query parameters comma-joined, binary bodies base64. Pure.
 *
 * @example
 * functionUrlEvent({ method: 'POST', target: '/?a=1', rawHeaders: ['Content-Type', 'application/json'], body, sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' }, context)
 */
export function functionUrlEvent(request: ReceivedRequest, context: FunctionUrlContext): Record<string, unknown> {
  return payloadV2Event(request, {
    requestId: context.requestId,
    now: context.now,
    accountId: context.accountId,
    apiId: context.urlId,
    domainName: `${context.urlId}.lambda-url.${context.region}.on.aws`,
    routeKey: '$default',
    pathParameters: undefined,
    // A Function URL says "no authorizer" out loud; an HTTP API leaves the fields out.
    extraContext: { authentication: null, authorizer: null },
    emptyAs: 'null',
  });
}

/** Where a payload-2.0 event comes from: a Function URL, or an HTTP API route. */
export type PayloadV2Context = {
  readonly requestId: string;
  readonly now: Date;
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  /** `$default`, or an HTTP API route key such as `POST /chat`. */
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>> | undefined;
  readonly extraContext?: Readonly<Record<string, unknown>>;
  /** `pathParameters` and `stageVariables` when there are none: `null` (Function URLs) or left out (HTTP APIs). */
  readonly emptyAs: 'null' | 'absent';
};

/**
 * The payload format 2.0 event that Function URLs and HTTP APIs share (their
 * `$default` stage). Pure.
 *
 * @example
 * payloadV2Event(request, { requestId, now, accountId, apiId, domainName, routeKey: 'POST /chat', pathParameters: undefined, emptyAs: 'absent' })
 */
export function payloadV2Event(request: ReceivedRequest, context: PayloadV2Context): Record<string, unknown> {
  const url = new URL(request.target, 'http://function-url');
  const { domainName } = context;
  const headers: Record<string, string> = Object.create(null) as Record<string, string>; // no prototype: a name like `constructor` is just a name
  const cookies: string[] = [];
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? '').toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    // HTTP/2 pseudo-headers (`:path`…) are not headers to a function.
    if (name.startsWith(':')) continue;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter((cookie) => cookie !== ''));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  headers['host'] = domainName;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-for'] = request.sourceIp;
  headers['x-amzn-trace-id'] ??= traceId(context.requestId, context.now);
  const query: Record<string, string> = Object.create(null) as Record<string, string>; // no prototype: a name like `constructor` is just a name
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const isText = request.body.length === 0 || textContentType.test(headers['content-type'] ?? 'text/plain');
  const hasParameters = context.pathParameters !== undefined && Object.keys(context.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(url.search === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...context.extraContext,
      domainName,
      domainPrefix: context.apiId,
      http: {
        method: request.method,
        path: url.pathname,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: accessLogTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(request.body.length === 0 ? {} : { body: isText ? textDecoder.decode(request.body) : toBase64(request.body) }),
    ...(hasParameters ? { pathParameters: context.pathParameters } : context.emptyAs === 'null' ? { pathParameters: null } : {}),
    isBase64Encoded: !isText,
    ...(context.emptyAs === 'null' ? { stageVariables: null } : {}),
  };
}

/**
 * An X-Ray trace id for a request.
 *
 * @example
 * traceId('1b2c…', new Date()) // 'Root=1-6744…-1b2c…'
 */
export function traceId(requestId: string, now: Date): string {
  // X-Ray ids end in 24 hex digits: a UUID gives its own; a short id (HTTP APIs) its characters' codes.
  const plain = requestId.replaceAll('-', '');
  const digits = /^[0-9a-f]{24,}$/i.test(plain) ? plain : Array.from(requestId, (char) => (char.codePointAt(0) ?? 0).toString(16).padStart(2, '0')).join('');
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${digits.padEnd(24, '0').slice(0, 24).toLowerCase()}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `12/Mar/2020:19:03:58 +0000`, the access-log time Function URL and API Gateway events carry.
 *
 * @example
 * accessLogTime(new Date(Date.UTC(2020, 2, 12, 19, 3, 58))) // '12/Mar/2020:19:03:58 +0000'
 */
export function accessLogTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
