import { Hono, type Context } from 'hono';
import type { ConnectionEnv } from '../../adapters/http/listen.ts';
import type { Clock } from '../../core/playback/clock.ts';
import { untilAborted } from '../../core/playback/play-schedule.ts';
import type { FunctionConfig, ResponseLimits } from './function-config.ts';
import { timeoutError, type HandlerRunner, type InvocationOutput, type LambdaError } from './invocation.ts';
import { startInvocation, type InvocableFunction } from './start-invocation.ts';
import { functionUrlEvent, traceId } from './function-url-event.ts';
import { answerFunctionUrl, type AnswerContext, type Answered, type InvokeMode } from './function-url-response.ts';
import type { InvocationEvent, InvocationVia } from './invocation-log.ts';
import { answerInvoke, answerStreamingInvoke, lambdaApiError } from './invoke-api.ts';
import { invokeRequestTooLarge, maxInvokeRequestBytes, readBodyWithin } from './read-body.ts';
import { receiveRequest } from './received-request.ts';

export type LambdaAppOptions = {
  readonly config: FunctionConfig;
  readonly limits: ResponseLimits;
  readonly invokeMode: InvokeMode;
  readonly runner: HandlerRunner;
  readonly accountId: string;
  /** The clock deadlines and bandwidth caps run on. */
  readonly clock: Clock;
  readonly report: (event: InvocationEvent) => void;
};

type LambdaEnv = { Bindings: Partial<ConnectionEnv> };

/** The Invoke API's `ClientContext`: base64 (at most 3,583 bytes) of a JSON object. */
function isClientContext(value: string): boolean {
  if (value.length > 3583 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return false;
  try {
    const decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(value), (char) => char.charCodeAt(0)))) as unknown;
    return decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded);
  } catch {
    return false;
  }
}

/**
 * The Lambda host as a web-standard app: a Function URL (payload format 2.0,
 * RESPONSE_STREAM or BUFFERED) on every path, and the Lambda Invoke /
 * InvokeWithResponseStream API on its own paths, so `@aws-sdk/client-lambda`
 * works by endpoint override. Every invocation runs under the function's
 * timeout and Lambda's response limits, and is reported as events.
 *
 * @example
 * const app = createLambdaApp({ config, limits, invokeMode: 'RESPONSE_STREAM', runner, accountId, clock: systemClock, report: log.record });
 * await listen(app.fetch);
 */
export function createLambdaApp(options: LambdaAppOptions): Hono<LambdaEnv> {
  const { config, limits, runner, clock, report, accountId } = options;
  const functionArn = `arn:aws:lambda:${config.region}:${accountId}:function:${config.functionName}`;
  // A Function URL's id: 32 lower-case letters and digits, stable for the function.
  const urlId = Array.from(new TextEncoder().encode(config.functionName), (byte) => byte.toString(16).padStart(2, '0')).join('').padEnd(32, '0').slice(0, 32);

  const fn: InvocableFunction = { config, runner, functionArn, clock, report };

  /**
   * Runs one invocation under its deadline and answers from its output. At
   * the deadline Lambda ends the invocation: before the head, a 502
   * `Sandbox.Timedout`; after, the response is cut off.
   */
  const invoke = async (c: Context<LambdaEnv>, via: InvocationVia, eventFor: (requestId: string, now: Date) => unknown, answer: (output: InvocationOutput, context: AnswerContext) => Answered | Promise<Answered>): Promise<Response> => {
    const invocation = startInvocation(fn, via, eventFor, { clientContext: c.req.header('x-amz-client-context') });
    const { requestId } = invocation;
    // `cut` errors a response under way (the deadline, with no connection to drop).
    const cut = new AbortController();
    /** The status of the head that went out, once it did. */
    let headStatus: number | undefined = undefined;
    const clientSignal = c.req.raw.signal;
    const onClientGone = (): void => invocation.abandon(new Error('The client closed the connection.'));
    if (clientSignal.aborted) onClientGone();
    else clientSignal.addEventListener('abort', onClientGone, { once: true });
    invocation.ended.addEventListener('abort', () => {
      if (invocation.endedBy() !== 'timed-out' || headStatus === undefined) return;
      // A response under way is cut off: its connection dropped as Lambda does, or, with none to drop, its body errored.
      if (c.env?.transport?.drop() !== true) cut.abort(invocation.ended.reason);
      invocation.settle(headStatus, undefined);
    }, { once: true });
    const settle = (status: number, error: LambdaError | undefined): void => {
      clientSignal.removeEventListener('abort', onClientGone);
      invocation.settle(status, error);
    };
    const context: AnswerContext = { requestId, traceId: traceId(requestId, invocation.now), limits, clock, stopped: invocation.ended, cutOff: cut.signal, headRefusal: (headers) => c.env?.transport?.headRefusal(headers) };
    const answering = invocation.output.then((output) => (output === undefined ? undefined : answer(output, context)));
    const answered = await Promise.race([answering, untilAborted(invocation.ended).catch(() => undefined)]);
    if (answered === undefined) {
      // Whatever the function answers later goes nowhere.
      void answering.then((late) => late?.response.body?.cancel()).catch(() => undefined);
      if (invocation.endedBy() === 'timed-out') {
        settle(502, undefined);
        return Response.json({ Message: timeoutError(config.timeoutSeconds).errorMessage }, { status: 502, headers: { 'X-Amzn-RequestId': requestId, 'X-Amzn-ErrorType': 'Sandbox.Timedout' } });
      }
      settle(499, undefined);
      return new Response(null, { status: 499 });
    }
    headStatus = answered.response.status;
    report({ requestId, kind: 'responded', atMs: invocation.elapsed() });
    void answered.finished.then((outcome) => settle(outcome.status, outcome.error));
    return answered.response;
  };

  const app = new Hono<LambdaEnv>();

  const invokeApi = (streaming: boolean) => async (c: Context<LambdaEnv>): Promise<Response> => {
    const name = c.req.param('name') ?? '';
    if (name !== config.functionName && name !== functionArn) return lambdaApiError(404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:${config.region}:${accountId}:function:${name}`);
    if (c.req.header('x-amz-invocation-type') === 'DryRun') return new Response(null, { status: 204, headers: { 'X-Amzn-RequestId': crypto.randomUUID() } });
    // It is passed to the runtime as a header: one it cannot carry would wedge the execution environment.
    const clientContext = c.req.header('x-amz-client-context');
    if (clientContext !== undefined && !isClientContext(clientContext)) return lambdaApiError(400, 'InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object of at most 3,583 bytes.');
    const body = await readBodyWithin(c.req.raw, maxInvokeRequestBytes);
    if (body === 'too-large') return lambdaApiError(413, 'RequestTooLargeException', invokeRequestTooLarge);
    const text = new TextDecoder().decode(body);
    let event: unknown;
    try {
      event = text.length === 0 ? {} : (JSON.parse(text) as unknown);
    } catch {
      return lambdaApiError(400, 'InvalidRequestContentException', 'Could not parse request body into json: the payload is not valid JSON.');
    }
    return invoke(c, streaming ? 'invoke-with-response-stream' : 'invoke', () => event, (output, context) => {
      if (output.kind === 'error' && output.error.errorType === 'TooManyRequestsException') {
        return { response: lambdaApiError(429, 'TooManyRequestsException', 'Rate Exceeded.'), finished: Promise.resolve({ status: 429, error: output.error }) };
      }
      return streaming ? answerStreamingInvoke(output, context.requestId, context.cutOff) : answerInvoke(output, context.requestId, limits);
    });
  };
  app.post('/2021-11-15/functions/:name/response-streaming-invocations', invokeApi(true));
  app.post('/2015-03-31/functions/:name/invocations', invokeApi(false));

  // Everything else is the Function URL.
  app.all('*', async (c) => {
    const request = await receiveRequest(c.req.raw, c.env?.transport, maxInvokeRequestBytes);
    // The function is never invoked: Lambda refuses the payload first.
    if (request === 'too-large') return Response.json({ Message: invokeRequestTooLarge }, { status: 413, headers: { 'X-Amzn-ErrorType': 'RequestTooLargeException' } });
    return invoke(c, 'function-url', (requestId, now) => functionUrlEvent(request, { requestId, urlId, region: config.region, accountId, now }), (output, context) => answerFunctionUrl(output, options.invokeMode, context));
  });
  return app;
}
