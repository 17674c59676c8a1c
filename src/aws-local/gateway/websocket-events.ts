import { accessLogTime } from '../host/function-url-event.ts';

/** What a WebSocket API knows of one connection, for its events. */
export type ConnectionFacts = {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** The upgrade request's header names and values, in order: `[name, value, …]`. */
  readonly rawHeaders: readonly string[];
  /** The upgrade URL's query, e.g. `token=abc`. */
  readonly rawQuery: string;
};

/** Where the API is: its id, stage and the domain its functions call back on. */
export type ApiFacts = { readonly apiId: string; readonly stage: string; readonly domainName: string };

/** One event's own ids and time. */
export type EventIds = { readonly requestId: string; readonly now: Date };

/**
 * The `$connect` event: the upgrade request's headers (single- and
 * multi-value), its query string when it had one, no body (docs/api-gateway.md#websocket-api). Pure.
 *
 * @example
 * connectEvent(connection, api, { requestId, now })
 */
export function connectEvent(connection: ConnectionFacts, api: ApiFacts, ids: EventIds): Record<string, unknown> {
  const multiValueHeaders: Record<string, string[]> = Object.create(null) as Record<string, string[]>; // no prototype: a name like `constructor` is just a name
  for (let index = 0; index < connection.rawHeaders.length; index += 2) (multiValueHeaders[connection.rawHeaders[index] ?? ''] ??= []).push(connection.rawHeaders[index + 1] ?? '');
  const query = new URLSearchParams(connection.rawQuery);
  const multiValueQuery: Record<string, string[]> = Object.create(null) as Record<string, string[]>; // no prototype: a name like `constructor` is just a name
  for (const [name, value] of query) (multiValueQuery[name] ??= []).push(value);
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  const lastOf = (map: Record<string, string[]>): Record<string, string> => Object.fromEntries(Object.entries(map).map(([name, values]) => [name, values.at(-1) ?? '']));
  return {
    headers: lastOf(multiValueHeaders),
    multiValueHeaders,
    ...(hasQuery ? { queryStringParameters: lastOf(multiValueQuery), multiValueQueryStringParameters: multiValueQuery } : {}),
    requestContext: requestContext(connection, api, ids, { routeKey: '$connect', eventType: 'CONNECT' }),
    isBase64Encoded: false,
  };
}

/**
 * The `$disconnect` event, sent after the connection closed, with how it closed. Pure.
 *
 * @example
 * disconnectEvent(connection, api, ids, 1001, 'Going away')
 */
export function disconnectEvent(connection: ConnectionFacts, api: ApiFacts, ids: EventIds, statusCode: number, reason: string): Record<string, unknown> {
  return {
    headers: { Host: api.domainName, 'X-Forwarded-For': connection.sourceIp },
    multiValueHeaders: { Host: [api.domainName], 'X-Forwarded-For': [connection.sourceIp] },
    requestContext: requestContext(connection, api, ids, { routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: statusCode, disconnectReason: reason }),
    isBase64Encoded: false,
  };
}

/**
 * A message's event: the route it selected, its own message id, the text as
 * the body; no headers. Pure.
 *
 * @example
 * messageEvent(connection, api, ids, 'chat', messageId, '{"action":"chat"}')
 */
export function messageEvent(connection: ConnectionFacts, api: ApiFacts, ids: EventIds, routeKey: string, messageId: string, body: string): Record<string, unknown> {
  return {
    requestContext: requestContext(connection, api, ids, { routeKey, messageId, eventType: 'MESSAGE' }),
    body,
    isBase64Encoded: false,
  };
}

function requestContext(connection: ConnectionFacts, api: ApiFacts, ids: EventIds, own: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    ...own,
    extendedRequestId: ids.requestId,
    requestTime: accessLogTime(ids.now),
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: ids.now.getTime(),
    identity: { ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }), sourceIp: connection.sourceIp },
    requestId: ids.requestId,
    domainName: api.domainName,
    connectionId: connection.connectionId,
    apiId: api.apiId,
  };
}

/**
 * The frame API Gateway sends a client when a message could not be
 * handled, with its odd spacing kept (docs/api-gateway.md#websocket-api).
 *
 * @example
 * errorFrame('Forbidden', connectionId, requestId) // '{"message": "Forbidden", "connectionId":"…", "requestId":"…"}'
 */
export function errorFrame(message: string, connectionId: string, requestId: string): string {
  return `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(requestId)}}`;
}
