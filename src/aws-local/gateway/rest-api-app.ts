import { Hono, type Context } from 'hono';
import type { ConnectionEnv } from '../../adapters/http/listen.ts';
import { traceId } from '../host/function-url-event.ts';
import { responseTooLarge, resultFault, type InvocationOutput, type LambdaError } from '../host/invocation.ts';
import { collect, limitStream, observeEnd, prepend } from '../host/limit-stream.ts';
import { receiveRequest } from '../host/received-request.ts';
import { createPreludeSplitter, integrationContentType } from '../host/response-prelude.ts';
import { startInvocation, type InvocableFunction, type StartedInvocation } from '../host/start-invocation.ts';
import { answerHeaders, answerResponse, gatewayResponse, maxGatewayPayloadBytes, requestIds, type HeadRefusal, type RequestIds } from './gateway-response.ts';
import { mapRestResult, mapStreamMetadata, type GatewayAnswer } from './proxy-result.ts';
import { restEvent } from './rest-event.ts';
import { matchPath, parsePathTemplate, specificity, type PathTemplate } from './route-path.ts';
import { cutAtDeadlines } from './stream-deadlines.ts';
import { timeoutAfter } from './timeout-after.ts';

/** How the integration answers: the whole result at once, or streamed (`responseTransferMode`). */
export type TransferMode = 'BUFFERED' | 'STREAM';

export type RestRoute = {
  /** A resource path: `/chat`, `/items/{id}`, `/{proxy+}`. */
  readonly resource: string;
  /** `GET`, `POST`, … or `ANY`. */
  readonly method: string;
  readonly fn: InvocableFunction;
  /** Default `BUFFERED`. */
  readonly transferMode?: TransferMode;
  /** This integration's timeout; default the API's (`limits.integrationTimeoutMs`). */
  readonly integrationTimeoutMs?: number;
};

/** API Gateway's REST limits (docs/protocol/lambda-streaming.md#api-gateway-rest, docs/api-gateway.md#rest-api), all configurable. */
export type RestLimits = {
  /**
   * How long API Gateway waits for the integration: 50–29,000 ms buffered;
   * a STREAM integration's whole response must fit in it (up to 15 minutes).
   */
  readonly integrationTimeoutMs: number;
  /** A buffered response's largest size: 10 MB. */
  readonly maxResponseBytes: number;
  /** STREAM: bytes sent at full speed before the cap: 10 MB. */
  readonly uncappedStreamBytes: number;
  /** STREAM: the cap after that: 2 MB/s. */
  readonly streamBytesPerSecond: number;
  /** STREAM: the longest pause without bytes: 5 minutes (Regional and private APIs; 30 s edge-optimized). */
  readonly streamIdleTimeoutMs: number;
};

export const restLimits: RestLimits = {
  integrationTimeoutMs: 29_000,
  maxResponseBytes: 10 * 1024 * 1024,
  uncappedStreamBytes: 10 * 1024 * 1024,
  streamBytesPerSecond: 2 * 1024 * 1024,
  streamIdleTimeoutMs: 5 * 60_000,
};

export type RestApiOptions = {
  readonly routes: readonly RestRoute[];
  readonly stage: string;
  readonly apiId: string;
  readonly region: string;
  readonly accountId: string;
  readonly limits: RestLimits;
  /** Content types whose bodies reach the function base64-encoded. */
  readonly binaryMediaTypes?: readonly string[];
};

type GatewayEnv = { Bindings: Partial<ConnectionEnv> };
type CompiledRoute = RestRoute & { readonly template: PathTemplate; readonly specificity: number; readonly timeoutMs: number };

/** One request through the API: its ids, trace, the invocation behind it, and whether the server would write a set of headers. */
type Call = { readonly ids: RequestIds; readonly trace: string; readonly invocation: StartedInvocation; readonly fn: InvocableFunction; readonly timeoutMs: number; readonly headRefusal: HeadRefusal };

/**
 * An API Gateway REST API with Lambda proxy integrations, as a web-standard
 * app: `/{stage}/{resource}` paths, the proxy event (payload 1.0), and each
 * integration BUFFERED (the result mapped; 504 at the integration timeout
 * while the function runs on; 502 for a function error or a malformed
 * result) or STREAM (the function's `HttpResponseStream.from` metadata gives
 * status and headers; bytes flow as written until the integration timeout,
 * which may be up to 15 minutes, under the streaming limits).
 *
 * @example
 * const app = createRestApiApp({ routes: [{ resource: '/chat', method: 'POST', fn, transferMode: 'STREAM', integrationTimeoutMs: 300_000 }], stage: 'prod', apiId, region, accountId, limits: restLimits });
 */
export function createRestApiApp(options: RestApiOptions): Hono<GatewayEnv> {
  const routes: CompiledRoute[] = options.routes.map((route) => {
    const template = parsePathTemplate(route.resource);
    return { ...route, method: route.method.toUpperCase(), template, specificity: specificity(template), timeoutMs: route.integrationTimeoutMs ?? options.limits.integrationTimeoutMs };
  });
  const app = new Hono<GatewayEnv>();
  app.all('*', async (c) => {
    const ids = requestIds('rest');
    const url = new URL(c.req.url);
    const stagePrefix = `/${options.stage}`;
    if (url.pathname !== stagePrefix && !url.pathname.startsWith(`${stagePrefix}/`)) return gatewayResponse('restMissingRoute', ids);
    const path = url.pathname.slice(stagePrefix.length) || '/';
    const matched = routes
      .filter((route) => route.method === 'ANY' || route.method === c.req.method)
      .map((route) => ({ route, parameters: matchPath(route.template, path) }))
      .filter((match): match is { route: CompiledRoute; parameters: Record<string, string> } => match.parameters !== undefined)
      // The most specific resource wins; for one resource, its own method over ANY.
      .sort((a, b) => b.route.specificity - a.route.specificity || Number(b.route.method !== 'ANY') - Number(a.route.method !== 'ANY'))[0];
    if (matched === undefined) return gatewayResponse('restMissingRoute', ids);
    const { route, parameters } = matched;
    const request = await receiveRequest(c.req.raw, c.env?.transport, maxGatewayPayloadBytes);
    if (request === 'too-large') return gatewayResponse('restRequestTooLarge', ids);
    const invocation = startInvocation(route.fn, 'rest-api', (_invocationId, now) =>
      restEvent(request, { requestId: ids.requestId, extendedRequestId: ids.extendedRequestId, traceId: traceId(ids.requestId, now), now, apiId: options.apiId, stage: options.stage, region: options.region, accountId: options.accountId, resource: route.resource, path, pathParameters: parameters, binaryMediaTypes: options.binaryMediaTypes ?? [] }),
    );
    const call: Call = { ids, trace: traceId(ids.requestId, invocation.now), invocation, fn: route.fn, timeoutMs: route.timeoutMs, headRefusal: (headers) => c.env?.transport?.headRefusal(headers) };
    return route.transferMode === 'STREAM' ? answerStreaming(c, call, options.limits) : answerBuffered(call, options.limits);
  });
  return app;
}

/** Lambda's answer that it would not run the function (throttled): API Gateway's 500, not a function error's 502. */
const refused = (error: LambdaError | undefined): boolean => error?.errorType === 'TooManyRequestsException';

/**
 * BUFFERED: the result mapped, or API Gateway's own answer. The client
 * leaving does not stop the function (API Gateway invoked it and waits);
 * at the integration timeout the client gets 504 and the function runs on,
 * its result discarded when it comes.
 */
async function answerBuffered(call: Call, limits: RestLimits): Promise<Response> {
  const { ids, invocation, fn } = call;
  const waiting = new AbortController();
  const resulting = bufferedResult(invocation, limits);
  const first = await Promise.race([resulting, timeoutAfter(fn.clock, call.timeoutMs, waiting.signal)]);
  waiting.abort();
  if (first === 'timeout') {
    // The phantom execution: settled when the function ends, with what it did.
    void resulting.then((late) => invocation.settle(504, late.error, invocation.endedBy() ?? 'gateway-timeout'));
    return gatewayResponse('restIntegrationTimeout', ids);
  }
  if (first.kind === 'answer') {
    const response = answerResponse(first.answer, 'rest', ids, call.trace, call.headRefusal);
    if (response instanceof Response) {
      invocation.settle(response.status, undefined);
      return response;
    }
    // Headers the server will not write make the result malformed, like any other it cannot send.
    const failed = gatewayResponse('restFunctionError', ids);
    invocation.settle(failed.status, malformed(response.refused));
    return failed;
  }
  const response = gatewayResponse(refused(first.error) ? 'restInternalError' : 'restFunctionError', ids);
  invocation.settle(response.status, first.error);
  return response;
}

type BufferedResult = { readonly kind: 'answer'; readonly answer: GatewayAnswer; readonly error: undefined } | { readonly kind: 'failed'; readonly error: LambdaError | undefined };

async function bufferedResult(invocation: StartedInvocation, limits: RestLimits): Promise<BufferedResult> {
  const output = await invocation.output;
  if (output === undefined) return { kind: 'failed', error: undefined };
  if (output.kind === 'error') return { kind: 'failed', error: output.error };
  // A streaming handler invoked whole: its bytes are the result (a prelude makes it malformed, as on AWS).
  const payload = output.kind === 'buffered' ? output.payload : await collect(output.body, limits.maxResponseBytes);
  if (payload === undefined) return { kind: 'failed', error: responseTooLarge(limits.maxResponseBytes) };
  if (output.kind === 'stream') {
    const error = await output.done;
    if (error !== undefined) return { kind: 'failed', error };
  }
  if (payload.length > limits.maxResponseBytes) return { kind: 'failed', error: responseTooLarge(limits.maxResponseBytes) };
  const mapped = mapRestResult(payload);
  return mapped.kind === 'answer' ? { kind: 'answer', answer: mapped.answer, error: undefined } : { kind: 'failed', error: malformed(mapped.reason) };
}

const malformed = (reason: string): LambdaError => resultFault('MalformedProxyResponse', reason);

/**
 * STREAM: API Gateway waits for the metadata and its 8-NUL delimiter, then
 * sends status and headers and passes the bytes on as they come, under the
 * streaming limits. The integration timeout bounds the whole response:
 * before the metadata it is a 504; after, the stream is cut off (the
 * connection closes under the client). A client that leaves closes the
 * function's stream.
 */
async function answerStreaming(c: Context<GatewayEnv>, call: Call, limits: RestLimits): Promise<Response> {
  const { ids, invocation, fn } = call;
  const { clock } = fn;
  const startedAt = clock.now();
  const clientSignal = c.req.raw.signal;
  const onClientGone = (): void => invocation.abandon(new Error('The client closed the connection.'));
  clientSignal.addEventListener('abort', onClientGone, { once: true });
  const waiting = new AbortController();
  const heading = streamHead(invocation);
  const first = await Promise.race([heading, timeoutAfter(clock, call.timeoutMs, waiting.signal)]);
  waiting.abort();
  if (first === 'timeout') {
    clientSignal.removeEventListener('abort', onClientGone);
    void heading.then((late) => {
      if (late.kind === 'head') void late.body.cancel().catch(() => undefined);
      invocation.settle(504, late.kind === 'failed' ? late.error : undefined, invocation.endedBy() ?? 'gateway-timeout');
    });
    return gatewayResponse('restIntegrationTimeout', ids);
  }
  if (first.kind !== 'head') {
    clientSignal.removeEventListener('abort', onClientGone);
    const whole = first.kind === 'whole' ? answerResponse(first.answer, 'rest', ids, call.trace, call.headRefusal) : undefined;
    if (whole instanceof Response) {
      invocation.settle(whole.status, undefined);
      return whole;
    }
    // Output that is not metadata + delimiter, or headers the server will not write: API Gateway's 500.
    const response = gatewayResponse(whole !== undefined || first.kind === 'malformed' || (first.kind === 'failed' && refused(first.error)) ? 'restInternalError' : 'restFunctionError', ids);
    invocation.settle(response.status, whole !== undefined ? malformed(whole.refused) : first.kind === 'whole' ? undefined : first.error);
    return response;
  }
  const headers = answerHeaders(first.headers, 'rest', ids, call.trace);
  const refusal = call.headRefusal(headers);
  if (refusal !== undefined) {
    clientSignal.removeEventListener('abort', onClientGone);
    await first.body.cancel().catch(() => undefined);
    invocation.settle(500, malformed(refusal));
    return gatewayResponse('restInternalError', ids);
  }
  const limit = limitStream({ maxBufferedBytes: 0, maxStreamedBytes: Number.POSITIVE_INFINITY, uncappedStreamBytes: limits.uncappedStreamBytes, streamBytesPerSecond: limits.streamBytesPerSecond }, clock, invocation.ended);
  const cut = new AbortController();
  let cutBy: 'duration' | 'idle' | undefined;
  const deadlines = cutAtDeadlines({ maxDurationMs: call.timeoutMs, idleTimeoutMs: limits.streamIdleTimeoutMs }, clock, startedAt, (why) => {
    cutBy = why;
    // API Gateway ends the stream: the connection closes under the client.
    if (c.env?.transport?.drop() !== true) cut.abort(new Error(`The stream passed API Gateway's ${why === 'idle' ? 'idle timeout' : 'integration timeout'}.`));
  });
  const body = observeEnd(first.body.pipeThrough(limit.stream).pipeThrough(deadlines), cut.signal, (how) => {
    clientSignal.removeEventListener('abort', onClientGone);
    if (cutBy !== undefined) {
      // The function runs on (to its own timeout); what it writes now goes nowhere.
      invocation.settle(first.status, undefined, 'gateway-timeout');
    } else if (how === 'done') void first.done.then((error) => invocation.settle(first.status, error));
    else invocation.settle(first.status, undefined, how === 'cancelled' ? 'client-aborted' : undefined);
  });
  fn.report({ requestId: invocation.requestId, kind: 'responded', atMs: invocation.elapsed() });
  return new Response(body, { status: first.status, headers });
}

type StreamHead =
  | { readonly kind: 'head'; readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: ReadableStream<Uint8Array>; readonly done: Promise<LambdaError | undefined> }
  | { readonly kind: 'whole'; readonly answer: GatewayAnswer }
  /** The function failed before its metadata (a 502, like a buffered function error). */
  | { readonly kind: 'failed'; readonly error: LambdaError | undefined }
  /** The output was not metadata + delimiter: API Gateway's 500. */
  | { readonly kind: 'malformed'; readonly error: LambdaError };

/** Reads the function's output up to the end of its metadata. */
async function streamHead(invocation: StartedInvocation): Promise<StreamHead> {
  const output: InvocationOutput | undefined = await invocation.output;
  if (output === undefined) return { kind: 'failed', error: undefined };
  if (output.kind === 'error') return { kind: 'failed', error: output.error };
  if (output.kind === 'buffered') {
    // A classic handler behind a STREAM integration: its result mapped whole (what AWS does here: UNCONFIRMED).
    const mapped = mapRestResult(output.payload);
    return mapped.kind === 'answer' ? { kind: 'whole', answer: mapped.answer } : { kind: 'malformed', error: malformed(mapped.reason) };
  }
  const reader = output.body.getReader();
  if (output.contentType !== integrationContentType) {
    await reader.cancel().catch(() => undefined);
    return { kind: 'malformed', error: malformed(`a STREAM integration's output starts with metadata and 8 NUL bytes (awslambda.HttpResponseStream.from); the function streamed ${output.contentType} without them`) };
  }
  const splitter = createPreludeSplitter();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const error = await output.done;
      return error === undefined ? { kind: 'malformed', error: malformed('the stream ended before the metadata\'s 8-NUL delimiter') } : { kind: 'failed', error };
    }
    const split = splitter.feed(value);
    if (split.kind === 'need-more') continue;
    if (split.kind !== 'prelude') {
      await reader.cancel().catch(() => undefined);
      return { kind: 'malformed', error: malformed(split.kind === 'invalid' ? split.reason : 'no metadata') };
    }
    // REST reads its own fields (multiValueHeaders) from the prelude's text.
    const metadata = mapStreamMetadata(split.text);
    if ('reason' in metadata) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'malformed', error: malformed(metadata.reason) };
    }
    return { kind: 'head', status: metadata.status, headers: metadata.headers, body: prepend(split.rest, reader), done: output.done };
  }
}
