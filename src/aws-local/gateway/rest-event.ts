import { toBase64 } from '../../core/event-stream/base64.ts';
import { accessLogTime } from '../host/function-url-event.ts';
import type { ReceivedRequest } from '../host/received-request.ts';

/** Where a request landed: the API, its stage, and the resource that matched. */
export type RestEventContext = {
  /** API Gateway's request id (a UUID) and extended request id (short), not the Lambda invocation's. */
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly traceId: string;
  readonly now: Date;
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  /** The resource path as configured, e.g. `/items/{id}`. */
  readonly resource: string;
  /** The path without the stage, e.g. `/items/42`. */
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string>> | undefined;
  /** Content types passed base64-encoded (the API's binary media types); none by default. */
  readonly binaryMediaTypes: readonly string[];
};

const textDecoder = new TextDecoder();

/**
 * The REST API's Lambda proxy event (payload format 1.0): header names as
 * sent, single-value maps holding the last value and `multiValue…` maps all
 * of them; `null` for what is empty; the body as text unless its type is one
 * of the API's binary media types. Pure.
 *
 * @example
 * restEvent({ method: 'POST', target: '/prod/chat?x=1', rawHeaders: [], body, sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' }, context)
 */
export function restEvent(request: ReceivedRequest, context: RestEventContext): Record<string, unknown> {
  const url = new URL(request.target, 'http://gateway');
  const domainName = `${context.apiId}.execute-api.${context.region}.amazonaws.com`;
  const multiValueHeaders: Record<string, string[]> = Object.create(null) as Record<string, string[]>; // no prototype: a name like `constructor` is just a name
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    // HTTP/2 pseudo-headers (`:path`…) are not headers to a function.
    if (name.startsWith(':')) continue;
    (multiValueHeaders[name] ??= []).push(request.rawHeaders[index + 1] ?? '');
  }
  for (const [name, value] of Object.entries({ Host: domainName, 'X-Amzn-Trace-Id': context.traceId, 'X-Forwarded-For': request.sourceIp, 'X-Forwarded-Port': '443', 'X-Forwarded-Proto': 'https' })) {
    const existing = Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === name.toLowerCase());
    multiValueHeaders[existing ?? name] = [value];
  }
  const multiValueQuery: Record<string, string[]> = Object.create(null) as Record<string, string[]>; // no prototype: a name like `constructor` is just a name
  for (const [name, value] of url.searchParams) (multiValueQuery[name] ??= []).push(value);
  const lastOf = (map: Record<string, string[]>): Record<string, string> => Object.fromEntries(Object.entries(map).map(([name, values]) => [name, values.at(-1) ?? '']));
  const contentType = Object.entries(multiValueHeaders).find(([name]) => name.toLowerCase() === 'content-type')?.[1].at(-1) ?? '';
  const binary = request.body.length > 0 && context.binaryMediaTypes.some((type) => mediaTypeMatches(type, contentType));
  const userAgent = Object.entries(multiValueHeaders).find(([name]) => name.toLowerCase() === 'user-agent')?.[1].at(-1) ?? null;
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  return {
    resource: context.resource,
    path: context.path,
    httpMethod: request.method,
    headers: lastOf(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastOf(multiValueQuery) : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: context.pathParameters === undefined || Object.keys(context.pathParameters).length === 0 ? null : context.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: context.apiId.slice(0, 6),
      resourcePath: context.resource,
      httpMethod: request.method,
      extendedRequestId: context.extendedRequestId,
      requestTime: accessLogTime(context.now),
      path: `/${context.stage}${context.path === '/' ? '/' : context.path}`,
      accountId: context.accountId,
      protocol: request.protocol,
      stage: context.stage,
      domainPrefix: context.apiId,
      requestTimeEpoch: context.now.getTime(),
      requestId: context.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent,
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName,
      apiId: context.apiId,
    },
    body: request.body.length === 0 ? null : binary ? toBase64(request.body) : textDecoder.decode(request.body),
    isBase64Encoded: binary,
  };
}

/** `image/png` matches `image/png`, `image/*` and `*\/*`. */
function mediaTypeMatches(pattern: string, contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const [family] = type.split('/');
  const wanted = pattern.toLowerCase();
  return wanted === '*/*' || wanted === type || wanted === `${family ?? ''}/*`;
}
