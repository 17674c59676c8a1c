import type { GatewayAnswer } from './proxy-result.ts';

/**
 * The answers API Gateway makes itself (its "gateway responses"), with the
 * bodies it is known to send (docs/api-gateway.md lists which are confirmed).
 */
export const gatewayResponses = {
  /** REST: the integration did not answer within its timeout. */
  restIntegrationTimeout: { status: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  /** REST: the function failed, timed out, or answered something that is not a proxy result. */
  restInternalError: { status: 502, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  /** REST: no resource and method for this path (API Gateway's answer to an unknown route). */
  restMissingRoute: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  /** HTTP API: the integration did not answer within its timeout. */
  httpIntegrationTimeout: { status: 503, message: 'Service Unavailable', errorType: undefined },
  /** HTTP API: the function failed or answered something unusable. */
  httpInternalError: { status: 500, message: 'Internal Server Error', errorType: undefined },
  /** HTTP API: no route for this method and path. */
  httpNotFound: { status: 404, message: 'Not Found', errorType: undefined },
} as const;

export type GatewayResponseKind = keyof typeof gatewayResponses;

/**
 * A gateway response as a web `Response`: `{"message": …}` with API
 * Gateway's request-id headers.
 *
 * @example
 * gatewayResponse('restIntegrationTimeout', requestId) // 504 {"message":"Endpoint request timed out"}
 */
export function gatewayResponse(kind: GatewayResponseKind, requestId: string): Response {
  const { status, message, errorType } = gatewayResponses[kind];
  const headers = new Headers({ 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId, 'x-amz-apigw-id': apigwId(requestId) });
  if (errorType !== undefined) headers.set('x-amzn-ErrorType', errorType);
  return new Response(JSON.stringify({ message }), { status, headers });
}

/**
 * A mapped proxy result as a web `Response`, with API Gateway's headers added.
 *
 * @example
 * answerResponse({ status: 200, headers: [['Content-Type', 'text/plain']], body }, requestId, traceId)
 */
export function answerResponse(answer: GatewayAnswer, requestId: string, traceId: string): Response {
  // A 204 or 304 carries no body, whatever the function said.
  const empty = answer.body.length === 0 || answer.status === 204 || answer.status === 304;
  return new Response(empty ? null : answer.body, { status: answer.status, headers: answerHeaders(answer.headers, requestId, traceId) });
}

/**
 * A function's headers with API Gateway's own added.
 *
 * @example
 * new Response(stream, { status: 200, headers: answerHeaders([['Content-Type', 'text/plain']], requestId, traceId) })
 */
export function answerHeaders(list: GatewayAnswer['headers'], requestId: string, traceId: string): Headers {
  const headers = new Headers();
  for (const [name, value] of list) headers.append(name, value);
  headers.set('x-amzn-RequestId', requestId);
  headers.set('x-amz-apigw-id', apigwId(requestId));
  headers.set('X-Amzn-Trace-Id', traceId);
  return headers;
}

/** The `x-amz-apigw-id` header: a short id API Gateway gives each request. */
function apigwId(requestId: string): string {
  return `${requestId.replaceAll('-', '').slice(0, 14)}=`;
}
