/**
 * `bedrock-emulator/lambda`: a local host for Lambda handlers — a Function URL
 * that streams as on AWS, the Lambda Invoke APIs, and API Gateway's front
 * doors (REST with BUFFERED and STREAM integrations, HTTP API, WebSocket API
 * with @connections) — the handler in process or under the real runtime
 * interface client.
 */
export { startLambdaHost, serveFunctionUrl, type LambdaHostOptions, type RunningLambdaHost, type InvocationRecord } from './start-lambda-host.ts';
export { startFunction, type FunctionOptions, type RunningFunction } from './start-function.ts';
export { startRestApi, serveRestApi, type RestApiHostOptions, type RestApiOptions, type RunningRestApi, type RunningRestApiHost } from './start-rest-api.ts';
export { startHttpApi, serveHttpApi, type HttpApiHostOptions, type HttpApiOptions, type RunningHttpApi, type RunningHttpApiHost } from './start-http-api.ts';
export { startWebSocketApi, listenWebSocketApi, type WebSocketApiHostOptions, type WebSocketApiListenOptions, type ListeningWebSocketApi, type RunningWebSocketApiHost, type WebSocketHandlerRoute } from './start-websocket-api.ts';
export type { InvokeMode } from '../host/function-url-response.ts';
export { lambdaLimits, type ResponseLimits } from '../host/function-config.ts';
export { restLimits, type RestLimits, type RestRoute, type TransferMode } from '../gateway/rest-api-app.ts';
export { httpApiLimits, type HttpApiLimits, type HttpRoute } from '../gateway/http-api-app.ts';
export { webSocketLimits, type WebSocketLimits, type WebSocketRoute, type WebSocketApi } from '../gateway/websocket-api.ts';
