import { Hono, type Context } from 'hono';
import type { ConnectionEnv } from '../http/listen.ts';
import { traceId } from '../lambda/host/function-url-event.ts';
import { responseTooLarge, type InvocationOutput, type LambdaError } from '../lambda/host/invocation.ts';
import { collect, limitStream, observeEnd, prepend } from '../lambda/host/limit-stream.ts';
import { createPreludeSplitter, integrationContentType } from '../lambda/host/response-prelude.ts';
import { startInvocation, type InvocableFunction, type StartedInvocation } from '../lambda/host/start-invocation.ts';
import type { Clock } from '../playback/clock.ts';
import { untilAborted } from '../playback/play-schedule.ts';
import { answerHeaders, answerResponse, gatewayResponse } from './gateway-response.ts';
import { mapRestResult, mapStreamMetadata } from './proxy-result.ts';
import { restEvent, type GatewayRequest } from './rest-event.ts';
import { matchPath, parsePathTemplate, specificity, type PathTemplate } from './route-path.ts';
import { cutAtDeadlines } from './stream-deadlines.ts';

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
};

/** API Gateway's REST limits (REFERENCE §7.5), all configurable. */
export type RestLimits = {
  /** How long API Gateway waits for the integration (50–29,000 ms; in STREAM mode, for its metadata). */
  readonly integrationTimeoutMs: number;
  /** A buffered response's largest size: 10 MB. */
  readonly maxResponseBytes: number;
  /** STREAM: bytes sent at full speed before the cap: 10 MB. */
  readonly uncappedStreamBytes: number;
  /** STREAM: the cap after that: 2 MB/s. */
  readonly streamBytesPerSecond: number;
  /** STREAM: a response's longest duration: 15 minutes. */
  readonly maxStreamMs: number;
  /** STREAM: the longest pause without bytes: 5 minutes (Regional and private APIs; 30 s edge-optimized). */
  readonly streamIdleTimeoutMs: number;
};

export const restLimits: RestLimits = {
  integrationTimeoutMs: 29_000,
  maxResponseBytes: 10 * 1024 * 1024,
  uncappedStreamBytes: 10 * 1024 * 1024,
  streamBytesPerSecond: 2 * 1024 * 1024,
  maxStreamMs: 15 * 60_000,
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
type CompiledRoute = RestRoute & { readonly template: PathTemplate; readonly specificity: number };

/**
 * An API Gateway REST API with Lambda proxy integrations, as a web-standard
 * app: `/{stage}/{resource}` paths, the proxy event (payload 1.0), and each
 * integration BUFFERED (the result mapped; 504 at the integration timeout
 * while the function runs on; 502 for a function error or a malformed
 * result) or STREAM (the function's `HttpResponseStream.from` metadata gives
 * status and headers; bytes flow as written, past the integration timeout,
 * under the streaming limits).
 *
 * @example
 * const app = createRestApiApp({ routes: [{ resource: '/chat', method: 'POST', fn, transferMode: 'STREAM' }], stage: 'prod', apiId, region, accountId, limits: restLimits });
 */
export function createRestApiApp(options: RestApiOptions): Hono<GatewayEnv> {
  const routes: CompiledRoute[] = options.routes.map((route) => {
    const template = parsePathTemplate(route.resource);
    return { ...route, method: route.method.toUpperCase(), template, specificity: specificity(template) };
  });
  const app = new Hono<GatewayEnv>();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const stagePrefix = `/${options.stage}`;
    const fallbackId = crypto.randomUUID();
    if (url.pathname !== stagePrefix && !url.pathname.startsWith(`${stagePrefix}/`)) return gatewayResponse('restMissingRoute', fallbackId);
    const path = url.pathname.slice(stagePrefix.length) || '/';
    const matched = routes
      .filter((route) => route.method === 'ANY' || route.method === c.req.method)
      .map((route) => ({ route, parameters: matchPath(route.template, path) }))
      .filter((match): match is { route: CompiledRoute; parameters: Record<string, string> } => match.parameters !== undefined)
      // The most specific resource wins; for one resource, its own method over ANY.
      .sort((a, b) => b.route.specificity - a.route.specificity || Number(b.route.method !== 'ANY') - Number(a.route.method !== 'ANY'))[0];
    if (matched === undefined) return gatewayResponse('restMissingRoute', fallbackId);
    const { route, parameters } = matched;
    const request = await gatewayRequestOf(c);
    const invocation = startInvocation(route.fn, 'rest-api', (requestId, now) =>
      restEvent(request, { requestId, now, apiId: options.apiId, stage: options.stage, region: options.region, accountId: options.accountId, resource: route.resource, path, pathParameters: parameters, binaryMediaTypes: options.binaryMediaTypes ?? [] }),
    );
    return route.transferMode === 'STREAM' ? answerStreaming(c, invocation, options.limits, route.fn) : answerBuffered(invocation, options.limits, route.fn);
  });
  return app;
}

/** The request as the event builders need it. */
export async function gatewayRequestOf(c: Context<GatewayEnv>): Promise<GatewayRequest> {
  const connection = c.env?.transport;
  const url = new URL(c.req.url);
  return {
    method: c.req.method,
    target: `${url.pathname}${url.search}`,
    rawHeaders: connection?.rawHeaders ?? [...c.req.raw.headers].flat(),
    body: new Uint8Array(await c.req.arrayBuffer()),
    sourceIp: connection?.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${connection?.httpVersion ?? '1.1'}`,
  };
}

/**
 * BUFFERED: the result mapped, or API Gateway's own answer. The client
 * leaving does not stop the function (API Gateway invoked it and waits);
 * at the integration timeout the client gets 504 and the function runs on,
 * its result discarded when it comes.
 */
async function answerBuffered(invocation: StartedInvocation, limits: RestLimits, fn: InvocableFunction): Promise<Response> {
  const { requestId } = invocation;
  const trace = traceId(requestId, invocation.now);
  const waiting = new AbortController();
  const timedOut = timeoutAfter(fn.clock, limits.integrationTimeoutMs, waiting.signal);
  const resulting = bufferedResult(invocation, limits);
  const first = await Promise.race([resulting, timedOut]);
  waiting.abort();
  if (first === 'timeout') {
    // The phantom execution: settled when the function ends, with what it did.
    void resulting.then((late) => invocation.settle(504, late.error, invocation.endedBy() ?? 'gateway-timeout'));
    return gatewayResponse('restIntegrationTimeout', requestId);
  }
  if (first.kind === 'answer') {
    const response = answerResponse(first.answer, requestId, trace);
    invocation.settle(response.status, undefined);
    return response;
  }
  invocation.settle(502, first.error);
  return gatewayResponse('restInternalError', requestId);
}

type BufferedResult = { readonly kind: 'answer'; readonly answer: Parameters<typeof answerResponse>[0]; readonly error: undefined } | { readonly kind: 'failed'; readonly error: LambdaError | undefined };

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
  return mapped.kind === 'answer' ? { kind: 'answer', answer: mapped.answer, error: undefined } : { kind: 'failed', error: { errorType: 'MalformedProxyResponse', errorMessage: mapped.reason, trace: [] } };
}

/**
 * STREAM: API Gateway waits (up to the integration timeout) for the
 * metadata and its 8-NUL delimiter, then sends status and headers and
 * passes the bytes on as they come, under the streaming limits. A client
 * that leaves closes the function's stream.
 */
async function answerStreaming(c: Context<GatewayEnv>, invocation: StartedInvocation, limits: RestLimits, fn: InvocableFunction): Promise<Response> {
  const { requestId } = invocation;
  const { clock } = fn;
  const startedAt = clock.now();
  const clientSignal = c.req.raw.signal;
  const onClientGone = (): void => invocation.abandon(new Error('The client closed the connection.'));
  clientSignal.addEventListener('abort', onClientGone, { once: true });
  const fail = (error: LambdaError | undefined): Response => {
    clientSignal.removeEventListener('abort', onClientGone);
    invocation.settle(502, error);
    return gatewayResponse('restInternalError', requestId);
  };
  const waiting = new AbortController();
  const timedOut = timeoutAfter(clock, limits.integrationTimeoutMs, waiting.signal);
  const heading = streamHead(invocation);
  const first = await Promise.race([heading, timedOut, untilAborted(invocation.ended).catch(() => 'ended' as const)]);
  waiting.abort();
  if (first === 'timeout') {
    void heading.then((late) => {
      if (late.kind === 'head') void late.body.cancel().catch(() => undefined);
      invocation.settle(504, late.kind === 'failed' ? late.error : undefined, invocation.endedBy() ?? 'gateway-timeout');
    });
    clientSignal.removeEventListener('abort', onClientGone);
    return gatewayResponse('restIntegrationTimeout', requestId);
  }
  if (first === 'ended') return fail(undefined);
  if (first.kind === 'failed') return fail(first.error);
  if (first.kind === 'whole') {
    const response = answerResponse(first.answer, requestId, traceId(requestId, invocation.now));
    invocation.settle(response.status, undefined);
    return response;
  }
  const limit = limitStream({ maxBufferedBytes: 0, maxStreamedBytes: Number.POSITIVE_INFINITY, uncappedStreamBytes: limits.uncappedStreamBytes, streamBytesPerSecond: limits.streamBytesPerSecond }, clock, invocation.ended);
  const cut = new AbortController();
  const deadlines = cutAtDeadlines({ maxDurationMs: limits.maxStreamMs, idleTimeoutMs: limits.streamIdleTimeoutMs }, clock, startedAt, () => {
    // API Gateway ends the stream: the connection is closed under the client.
    if (c.env?.transport?.drop() !== true) cut.abort(new Error('The stream passed API Gateway\'s time limits.'));
  });
  const body = observeEnd(first.body.pipeThrough(limit.stream).pipeThrough(deadlines), cut.signal, (how) => {
    clientSignal.removeEventListener('abort', onClientGone);
    if (how === 'done') void first.done.then((error) => invocation.settle(first.status, error));
    else invocation.settle(first.status, undefined, how === 'cancelled' ? 'client-aborted' : undefined);
  });
  fn.report({ requestId, kind: 'responded', atMs: invocation.elapsed() });
  return new Response(body, { status: first.status, headers: answerHeaders(first.headers, requestId, traceId(requestId, invocation.now)) });
}

type StreamHead =
  | { readonly kind: 'head'; readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: ReadableStream<Uint8Array>; readonly done: Promise<LambdaError | undefined> }
  | { readonly kind: 'whole'; readonly answer: Parameters<typeof answerResponse>[0] }
  | { readonly kind: 'failed'; readonly error: LambdaError | undefined };

/** Reads the function's output up to the end of its metadata. */
async function streamHead(invocation: StartedInvocation): Promise<StreamHead> {
  const output: InvocationOutput | undefined = await invocation.output;
  if (output === undefined) return { kind: 'failed', error: undefined };
  if (output.kind === 'error') return { kind: 'failed', error: output.error };
  if (output.kind === 'buffered') {
    // A classic handler behind a STREAM integration: its result mapped whole (what AWS does here: UNCONFIRMED).
    const mapped = mapRestResult(output.payload);
    return mapped.kind === 'answer' ? { kind: 'whole', answer: mapped.answer } : { kind: 'failed', error: { errorType: 'MalformedProxyResponse', errorMessage: mapped.reason, trace: [] } };
  }
  const reader = output.body.getReader();
  if (output.contentType !== integrationContentType) {
    await reader.cancel().catch(() => undefined);
    return { kind: 'failed', error: { errorType: 'MalformedProxyResponse', errorMessage: `a STREAM integration must start with HttpResponseStream.from metadata; the function streamed ${output.contentType}`, trace: [] } };
  }
  const splitter = createPreludeSplitter();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { kind: 'failed', error: (await output.done) ?? { errorType: 'MalformedProxyResponse', errorMessage: 'the stream ended before the metadata\'s 8-NUL delimiter', trace: [] } };
    const split = splitter.feed(value);
    if (split.kind === 'need-more') continue;
    if (split.kind !== 'prelude') {
      await reader.cancel().catch(() => undefined);
      return { kind: 'failed', error: { errorType: 'MalformedProxyResponse', errorMessage: split.kind === 'invalid' ? split.reason : 'no metadata', trace: [] } };
    }
    // REST reads its own fields (multiValueHeaders) from the prelude's text.
    const metadata = mapStreamMetadata(split.text);
    if ('reason' in metadata) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'failed', error: { errorType: 'MalformedProxyResponse', errorMessage: metadata.reason, trace: [] } };
    }
    return { kind: 'head', status: metadata.status, headers: metadata.headers, body: prepend(split.rest, reader), done: output.done };
  }
}

/**
 * Resolves `'timeout'` after `ms`; never settles once `signal` aborts (the
 * answer came first), so a race with it needs no other case.
 *
 * @example
 * await Promise.race([answer, timeoutAfter(clock, 29_000, answered.signal)])
 */
export function timeoutAfter(clock: Clock, ms: number, signal: AbortSignal): Promise<'timeout'> {
  return clock.sleep(ms, signal).then(
    () => 'timeout' as const,
    () => new Promise<never>(() => undefined),
  );
}
