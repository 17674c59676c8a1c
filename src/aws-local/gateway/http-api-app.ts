import { Hono } from 'hono';
import type { ConnectionEnv } from '../../adapters/http/listen.ts';
import { payloadV2Event, traceId } from '../host/function-url-event.ts';
import { responseTooLarge, resultFault, type LambdaError } from '../host/invocation.ts';
import { collect } from '../host/limit-stream.ts';
import { receiveRequest } from '../host/received-request.ts';
import { startInvocation, type InvocableFunction, type StartedInvocation } from '../host/start-invocation.ts';
import { answerResponse, gatewayResponse, maxGatewayPayloadBytes, requestIds, type HeadRefusal, type RequestIds } from './gateway-response.ts';
import { mapHttpApiResult, type GatewayAnswer } from './proxy-result.ts';
import { timeoutAfter } from './timeout-after.ts';
import { matchPath, parsePathTemplate, specificity, type PathTemplate } from './route-path.ts';

export type HttpRoute = {
  /** `METHOD /path` (method may be `ANY`; the path may hold `{param}` and a final `{proxy+}`), or `$default`. */
  readonly routeKey: string;
  readonly fn: InvocableFunction;
};

/** HTTP APIs' limits: the integration timeout is at most 30 s; responses are buffered, at most 10 MB. */
export type HttpApiLimits = { readonly integrationTimeoutMs: number; readonly maxResponseBytes: number };

export const httpApiLimits: HttpApiLimits = { integrationTimeoutMs: 30_000, maxResponseBytes: 10 * 1024 * 1024 };

export type HttpApiOptions = {
  readonly routes: readonly HttpRoute[];
  readonly apiId: string;
  readonly region: string;
  readonly accountId: string;
  readonly limits: HttpApiLimits;
};

type GatewayEnv = { Bindings: Partial<ConnectionEnv> };
type CompiledRoute = HttpRoute & { readonly method: string; readonly template: PathTemplate | undefined; readonly specificity: number };

/**
 * An API Gateway HTTP API with Lambda integrations (payload format 2.0) on
 * its `$default` stage, as a web-standard app: routes chosen by method and
 * path (`$default` catches the rest), the event Function URLs also get,
 * results mapped with format inference, and no streaming: the answer is
 * collected whole, with 503 at the integration timeout (at most 30 s) and
 * 500 for a function error.
 *
 * @example
 * const app = createHttpApiApp({ routes: [{ routeKey: 'POST /chat', fn }], apiId, region, accountId, limits: httpApiLimits });
 */
export function createHttpApiApp(options: HttpApiOptions): Hono<GatewayEnv> {
  const routes: CompiledRoute[] = options.routes.map((route) => {
    if (route.routeKey === '$default') return { ...route, method: 'ANY', template: undefined, specificity: 0 };
    const [method = '', path = ''] = route.routeKey.split(' ');
    const template = parsePathTemplate(path);
    return { ...route, method: method.toUpperCase(), template, specificity: specificity(template) };
  });
  const domainName = `${options.apiId}.execute-api.${options.region}.amazonaws.com`;
  const app = new Hono<GatewayEnv>();
  app.all('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    const matched = routes
      .filter((route) => route.method === 'ANY' || route.method === c.req.method)
      .map((route) => ({ route, parameters: route.template === undefined ? {} : matchPath(route.template, path) }))
      .filter((match): match is { route: CompiledRoute; parameters: Record<string, string> } => match.parameters !== undefined)
      .sort((a, b) => b.route.specificity - a.route.specificity || Number(b.route.method !== 'ANY') - Number(a.route.method !== 'ANY'))[0];
    const ids = requestIds('http');
    if (matched === undefined) return gatewayResponse('httpNotFound', ids);
    const request = await receiveRequest(c.req.raw, c.env?.transport, maxGatewayPayloadBytes);
    if (request === 'too-large') return gatewayResponse('httpRequestTooLarge', ids);
    const invocation = startInvocation(matched.route.fn, 'http-api', (_invocationId, now) =>
      payloadV2Event(request, { requestId: ids.requestId, now, accountId: options.accountId, apiId: options.apiId, domainName, routeKey: matched.route.routeKey, pathParameters: matched.parameters, emptyAs: 'absent' }),
    );
    return answer(invocation, ids, options.limits, matched.route.fn, (headers) => c.env?.transport?.headRefusal(headers));
  });
  return app;
}

type Result = { readonly kind: 'answer'; readonly answer: GatewayAnswer } | { readonly kind: 'failed'; readonly error: LambdaError | undefined };

async function answer(invocation: StartedInvocation, ids: RequestIds, limits: HttpApiLimits, fn: InvocableFunction, headRefusal: HeadRefusal): Promise<Response> {
  const waiting = new AbortController();
  const resulting = result(invocation, limits);
  const first = await Promise.race([resulting, timeoutAfter(fn.clock, limits.integrationTimeoutMs, waiting.signal)]);
  waiting.abort();
  if (first === 'timeout') {
    void resulting.then((late) => invocation.settle(503, late.kind === 'failed' ? late.error : undefined, invocation.endedBy() ?? 'gateway-timeout'));
    return gatewayResponse('httpServiceUnavailable', ids);
  }
  if (first.kind === 'failed') {
    // Lambda refusing the invocation (throttled) is a 503, like a timeout; a function error a 500.
    const response = gatewayResponse(first.error?.errorType === 'TooManyRequestsException' ? 'httpServiceUnavailable' : 'httpInternalError', ids);
    invocation.settle(response.status, first.error);
    return response;
  }
  const response = answerResponse(first.answer, 'http', ids, traceId(ids.requestId, invocation.now), headRefusal);
  if (response instanceof Response) {
    invocation.settle(response.status, undefined);
    return response;
  }
  // Headers the server will not write: a result it cannot use, like any other.
  const failed = gatewayResponse('httpInternalError', ids);
  invocation.settle(failed.status, resultFault('MalformedResult', response.refused));
  return failed;
}

async function result(invocation: StartedInvocation, limits: HttpApiLimits): Promise<Result> {
  const output = await invocation.output;
  if (output === undefined) return { kind: 'failed', error: undefined };
  if (output.kind === 'error') return { kind: 'failed', error: output.error };
  // No streaming through an HTTP API: a streaming handler's bytes are collected and read as its result.
  const payload = output.kind === 'buffered' ? output.payload : await collect(output.body, limits.maxResponseBytes);
  if (payload === undefined || payload.length > limits.maxResponseBytes) return { kind: 'failed', error: responseTooLarge(limits.maxResponseBytes) };
  if (output.kind === 'stream') {
    const error = await output.done;
    if (error !== undefined) return { kind: 'failed', error };
  }
  const mapped = mapHttpApiResult(payload);
  return mapped.kind === 'answer' ? mapped : { kind: 'failed', error: resultFault('MalformedResult', mapped.reason) };
}
