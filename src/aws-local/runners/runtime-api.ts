import { Hono, type Context } from 'hono';
import type { ConnectionEnv } from '../../adapters/http/listen.ts';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import { responseTooLarge, type InvocationOutput, type InvocationRequest, type LambdaError } from '../host/invocation.ts';

const basePath = '/2018-06-01/runtime';
const errorTypeTrailer = 'lambda-runtime-function-error-type';
const errorBodyTrailer = 'lambda-runtime-function-error-body';

type RuntimeEnv = { Bindings: Partial<ConnectionEnv> };

type Pending = {
  readonly request: InvocationRequest;
  readonly answer: (output: InvocationOutput) => void;
  answered: boolean;
  /** Ends the runtime's streamed response early (the caller went away). */
  stopRelay: (() => void) | undefined;
};

export type RuntimeApi = {
  /** The Runtime API's routes; serve them with `listen`. */
  readonly app: Hono<RuntimeEnv>;
  /** Hands an invocation to the runtime; resolves when the function starts answering (or fails). */
  invoke(request: InvocationRequest): Promise<InvocationOutput>;
  /** Fails the invocation under way (e.g. the process died) and forgets it. */
  abandon(error: LambdaError): void;
  /** The init error the runtime reported, if any. */
  initError(): LambdaError | undefined;
};

/**
 * The Lambda Runtime API (docs/protocol/lambda-streaming.md#runtime-api) for one execution environment, as
 * a web-standard app: `GET …/invocation/next` hands out the invocation,
 * `POST …/{id}/response` takes a buffered result or — with
 * `Lambda-Runtime-Function-Response-Mode: streaming` — a chunked stream
 * whose bytes are passed on as they arrive and whose HTTP trailers carry an
 * error, `POST …/{id}/error` and `POST …/init/error` take failures. Replies
 * as the Runtime Interface Emulator does.
 *
 * @example
 * const api = createRuntimeApi({ maxBufferedBytes: 6_291_556, clock: systemClock }); const server = await listen(api.app.fetch);
 */
export function createRuntimeApi(options: {
  readonly maxBufferedBytes: number;
  /** The clock the trace ids' times are read on. */
  readonly clock: Clock;
  /** The runtime asks for work: it is ready, and done with the invocation it was handed last (its id, if any). */
  readonly onNext?: (doneWith: string | undefined) => void;
}): RuntimeApi {
  let queued: Pending | undefined;
  let handedOut: string | undefined;
  let current: Pending | undefined;
  let waitingNext: ((pending: Pending | undefined) => void) | undefined;
  let reportedInitError: LambdaError | undefined;

  const handOut = (): void => {
    if (queued === undefined || waitingNext === undefined) return;
    const pending = queued;
    const waiting = waitingNext;
    queued = undefined;
    waitingNext = undefined;
    current = pending;
    handedOut = pending.request.requestId;
    waiting(pending);
  };

  const finish = (pending: Pending, output: InvocationOutput): void => {
    if (current === pending) current = undefined;
    if (pending.answered) return;
    pending.answered = true;
    pending.answer(output);
  };

  const reply = (status: number, body: Record<string, string>): Response => Response.json(body, { status });

  const app = new Hono<RuntimeEnv>();

  app.get(`${basePath}/invocation/next`, async (c) => {
    const doneWith = handedOut;
    handedOut = undefined;
    options.onNext?.(doneWith);
    const pending = await new Promise<Pending | undefined>((resolve) => {
      waitingNext = resolve;
      // The runtime went away while it waited (its process died).
      c.req.raw.signal.addEventListener('abort', () => {
        if (waitingNext === resolve) waitingNext = undefined;
        resolve(undefined);
      });
      handOut();
    });
    if (pending === undefined) return new Response(null, { status: 499 });
    const { request } = pending;
    const compactId = request.requestId.replaceAll('-', '');
    const wallNow = epochMsOf(options.clock);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': request.requestId,
      // The runtime client counts its deadline on its own clock, the real one: the time left carries over.
      'Lambda-Runtime-Deadline-Ms': String(request.deadlineMs + (Date.now() - wallNow)),
      'Lambda-Runtime-Invoked-Function-Arn': request.functionArn,
      'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(wallNow / 1000).toString(16)}-${compactId.slice(0, 24)};Parent=${compactId.slice(0, 16)};Sampled=0`,
    };
    // Compact JSON: a header cannot carry the line breaks a pretty-printed context has.
    if (request.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = JSON.stringify(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(request.clientContext), (char) => char.charCodeAt(0)))));
    return new Response(JSON.stringify(request.event), { status: 200, headers });
  });

  app.post(`${basePath}/init/error`, async (c) => {
    reportedInitError = parseError(await c.req.text(), c.req.header(errorTypeTrailer)) ?? { errorType: 'Runtime.Unknown', errorMessage: 'init failed', trace: [] };
    return reply(202, { status: 'OK' });
  });

  app.post(`${basePath}/invocation/:id/:kind{response|error}`, async (c) => {
    const pending = current;
    if (pending === undefined || c.req.param('id') !== pending.request.requestId) return reply(400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    if (c.req.param('kind') === 'error') {
      finish(pending, { kind: 'error', error: parseError(await c.req.text(), c.req.header(errorTypeTrailer)) ?? unknownError() });
      return reply(202, { status: 'OK' });
    }
    const mode = c.req.header('lambda-runtime-function-response-mode');
    if (mode === 'streaming') return relayStream(c, pending, finish);
    if (mode !== undefined) return reply(400, { errorMessage: 'Invalid function response mode', errorType: 'InvalidFunctionResponseMode' });
    const payload = new Uint8Array(await c.req.arrayBuffer());
    if (payload.length > options.maxBufferedBytes) {
      finish(pending, { kind: 'error', error: responseTooLarge(options.maxBufferedBytes) });
      return reply(413, { errorMessage: `Exceeded maximum allowed payload size (${options.maxBufferedBytes} bytes).`, errorType: 'RequestEntityTooLarge' });
    }
    finish(pending, { kind: 'buffered', payload });
    return reply(202, { status: 'OK' });
  });

  app.all('*', (c) => reply(404, { errorMessage: `Unknown Runtime API path: ${c.req.method} ${new URL(c.req.url).pathname}`, errorType: 'InvalidRequest' }));

  return {
    app,
    invoke: (request) =>
      new Promise<InvocationOutput>((answer) => {
        const pending: Pending = { request, answer, answered: false, stopRelay: undefined };
        queued = pending;
        request.signal.addEventListener('abort', () => pending.stopRelay?.(), { once: true });
        handOut();
      }),
    abandon: (error) => {
      const pending = current ?? queued;
      current = undefined;
      queued = undefined;
      if (pending === undefined) return;
      pending.stopRelay?.();
      if (!pending.answered) {
        pending.answered = true;
        pending.answer({ kind: 'error', error });
      }
    },
    initError: () => reportedInitError,
  };
}

/**
 * A streamed response: its bytes are passed on as they arrive, pulled by the
 * caller (so the runtime's writes wait for the client); its trailers say how
 * it ended. The runtime gets its 202 once the whole stream has gone on.
 */
async function relayStream(c: Context<RuntimeEnv>, pending: Pending, finish: (pending: Pending, output: InvocationOutput) => void): Promise<Response> {
  const source = (c.req.raw.body as ReadableStream<Uint8Array> | null)?.getReader();
  let resolveDone: (error: LambdaError | undefined) => void = () => undefined;
  const done = new Promise<LambdaError | undefined>((resolve) => (resolveDone = resolve));
  let resolveRelayed: (how: 'complete' | 'broken' | 'stopped') => void = () => undefined;
  const relayed = new Promise<'complete' | 'broken' | 'stopped'>((resolve) => (resolveRelayed = resolve));
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const stop = (): void => {
    // The caller went away: close what it reads, then answer the runtime at once and close its
    // connection after the answer (below), so its response stream closes under the function —
    // which is how a handler learns to stop — without a reset the runtime would treat as a crash.
    try {
      controller?.close();
    } catch {
      // Already closed or cancelled.
    }
    resolveRelayed('stopped');
  };
  pending.stopRelay = stop;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (started) => {
        controller = started;
      },
      async pull(pulled) {
        try {
          const chunk = await source?.read();
          if (chunk === undefined || chunk.done) {
            pulled.close();
            resolveRelayed('complete');
          } else {
            pulled.enqueue(chunk.value);
          }
        } catch {
          // The runtime's connection broke before the stream was finished: end quietly, report it in `done`.
          pulled.close();
          resolveRelayed('broken');
        }
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
  finish(pending, { kind: 'stream', contentType: c.req.header('content-type') ?? 'application/octet-stream', body, done });
  const how = await relayed;
  if (how === 'complete') {
    const trailers = c.env?.transport?.trailers() ?? {};
    const errorType = trailers[errorTypeTrailer];
    const errorBody = trailers[errorBodyTrailer];
    resolveDone(errorType === undefined ? undefined : (parseError(new TextDecoder().decode(Uint8Array.from(atob(errorBody ?? ''), (char) => char.charCodeAt(0))), errorType) ?? unknownError(errorType)));
    return Response.json({ status: 'OK' }, { status: 202 });
  }
  resolveDone(how === 'broken' ? { errorType: 'Runtime.ExitError', errorMessage: 'The runtime closed its response before finishing it.', trace: [] } : undefined);
  if (how === 'stopped') return Response.json({ status: 'OK' }, { status: 202, headers: { Connection: 'close' } });
  return new Response(null, { status: 499 });
}

/**
 * An error document a runtime posted: Node.js's runtime client writes its stack as `trace`,
 * Python's as `stackTrace`. The document itself is kept, for the callers Lambda shows it to.
 */
function parseError(body: string, typeHeader: string | undefined): LambdaError | undefined {
  try {
    const parsed = JSON.parse(body) as { errorType?: unknown; errorMessage?: unknown; trace?: unknown; stackTrace?: unknown } | null;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return typeHeader === undefined ? undefined : unknownError(typeHeader);
    const trace = Array.isArray(parsed.trace) ? parsed.trace : Array.isArray(parsed.stackTrace) ? parsed.stackTrace : [];
    return {
      errorType: typeof parsed.errorType === 'string' ? parsed.errorType : (typeHeader ?? 'Unknown'),
      errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : '',
      trace: trace.map(String),
      document: body,
    };
  } catch {
    return typeHeader === undefined ? undefined : unknownError(typeHeader);
  }
}

const unknownError = (errorType = 'Unknown'): LambdaError => ({ errorType, errorMessage: '', trace: [] });
