import { shortId } from '../../core/ids.ts';
import { forwardedHeaders } from '../host/reserved-headers.ts';
import type { GatewayAnswer } from './proxy-result.ts';

/**
 * The answers API Gateway makes itself (its "gateway responses"), byte for
 * byte as captured from AWS (docs/api-gateway.md gives the sources): REST's
 * 5xx bodies have a space after the colon, its 403 and all of an HTTP API's
 * do not; REST sends `x-amzn-ErrorType`, an HTTP API no `x-amzn-…` header.
 */
export const gatewayResponses = {
  /** REST: the integration did not answer within its timeout. */
  restIntegrationTimeout: { status: 504, body: '{"message": "Endpoint request timed out"}', errorType: 'InternalServerErrorException', api: 'rest' },
  /** REST: the function failed, timed out, or answered something that is not a proxy result. */
  restFunctionError: { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException', api: 'rest' },
  /** REST: Lambda refused the invocation (throttled), or a STREAM integration's output was not metadata + delimiter. */
  restInternalError: { status: 500, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException', api: 'rest' },
  /** REST: no resource and method for this path. */
  restMissingRoute: { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException', api: 'rest' },
  /** HTTP API: the integration did not answer within its timeout, or Lambda throttled. */
  httpServiceUnavailable: { status: 503, body: '{"message":"Service Unavailable"}', errorType: undefined, api: 'http' },
  /** HTTP API: the function failed or answered something unusable. */
  httpInternalError: { status: 500, body: '{"message":"Internal Server Error"}', errorType: undefined, api: 'http' },
  /** REST: the request is over the 10 MB payload limit (`REQUEST_TOO_LARGE`). */
  restRequestTooLarge: { status: 413, body: '{"message":"Request Too Long"}', errorType: 'RequestTooLargeException', api: 'rest' },
  /** HTTP API: the request is over the 10 MB payload limit. */
  httpRequestTooLarge: { status: 413, body: '{"message":"Request Entity Too Large"}', errorType: undefined, api: 'http' },
  /** HTTP API: no route for this method and path. */
  httpNotFound: { status: 404, body: '{"message":"Not Found"}', errorType: undefined, api: 'http' },
} as const;

export type GatewayResponseKind = keyof typeof gatewayResponses;

/** API Gateway's payload limit, REST and HTTP APIs alike: 10 MB, read as it arrives and refused past it (`…RequestTooLarge`). */
export const maxGatewayPayloadBytes = 10 * 1024 * 1024;

/** The ids of one request as API Gateway reports them. */
export type RequestIds = {
  /** REST: a UUID (`x-amzn-RequestId`); HTTP API: the short id (`apigw-requestid`). */
  readonly requestId: string;
  /** REST's `extendedRequestId` (`x-amz-apigw-id`). */
  readonly extendedRequestId: string;
};

/**
 * A gateway response as a web `Response`, with the request-id headers of its kind of API.
 *
 * @example
 * gatewayResponse('restIntegrationTimeout', ids) // 504 {"message": "Endpoint request timed out"}
 */
export function gatewayResponse(kind: GatewayResponseKind, ids: RequestIds): Response {
  const { status, body, errorType, api } = gatewayResponses[kind];
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (api === 'rest') {
    headers.set('x-amzn-RequestId', ids.requestId);
    headers.set('x-amz-apigw-id', ids.extendedRequestId);
    if (errorType !== undefined) headers.set('x-amzn-ErrorType', errorType);
  } else {
    headers.set('apigw-requestid', ids.requestId);
  }
  return new Response(body, { status, headers });
}

/**
 * Fresh ids for a request.
 *
 * @example
 * requestIds('rest') // { requestId: '0f8e…-…', extendedRequestId: 'LiaEkHIfoAMFnMQ=' }
 */
export function requestIds(api: 'rest' | 'http'): RequestIds {
  const extendedRequestId = shortId();
  return { requestId: api === 'rest' ? crypto.randomUUID() : extendedRequestId, extendedRequestId };
}

/** Why the server would refuse to write a set of headers (`Connection.headRefusal`), if it would. */
export type HeadRefusal = (headers: Headers) => string | undefined;

/**
 * A mapped proxy result as a web `Response`, with API Gateway's headers
 * added — or, when the server would refuse to write those headers, why (the
 * result is then malformed: the door answers its own error).
 *
 * @example
 * answerResponse({ status: 200, headers: [['Content-Type', 'text/plain']], body }, 'rest', ids, traceId)
 */
export function answerResponse(answer: GatewayAnswer, api: 'rest' | 'http', ids: RequestIds, traceId: string, headRefusal?: HeadRefusal): Response | { readonly refused: string } {
  const headers = answerHeaders(answer.headers, api, ids, traceId);
  const refused = headRefusal?.(headers);
  if (refused !== undefined) return { refused };
  // A 204 or 304 carries no body, whatever the function said.
  const empty = answer.body.length === 0 || answer.status === 204 || answer.status === 304;
  return new Response(empty ? null : answer.body, { status: answer.status, headers });
}

/**
 * A function's headers as API Gateway sends them on — the reserved ones
 * dropped or renamed as each kind of API does
 * (docs/protocol/lambda-streaming.md#headers-a-front-door-drops-or-renames) — with its own added.
 *
 * @example
 * new Response(stream, { status: 200, headers: answerHeaders([['Content-Type', 'text/plain']], 'rest', ids, traceId) })
 */
export function answerHeaders(list: GatewayAnswer['headers'], api: 'rest' | 'http', ids: RequestIds, traceId: string): Headers {
  const headers = new Headers(forwardedHeaders(api === 'rest' ? 'rest-api' : 'http-api', list));
  if (api === 'http') {
    headers.set('apigw-requestid', ids.requestId);
    return headers;
  }
  // A REST API answers JSON unless the function says otherwise.
  if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  headers.set('x-amzn-RequestId', ids.requestId);
  headers.set('x-amz-apigw-id', ids.extendedRequestId);
  headers.set('X-Amzn-Trace-Id', traceId);
  return headers;
}
