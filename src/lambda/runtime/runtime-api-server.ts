import http from 'node:http';
import type net from 'node:net';
import { PassThrough } from 'node:stream';
import type { InvocationOutput, InvocationRequest, LambdaError } from '../invocation.ts';

const basePath = '/2018-06-01/runtime';
const streamingMode = 'streaming';
const errorTypeTrailer = 'lambda-runtime-function-error-type';
const errorBodyTrailer = 'lambda-runtime-function-error-body';

type Pending = {
  readonly request: InvocationRequest;
  readonly answer: (output: InvocationOutput) => void;
  answered: boolean;
  /** The runtime's response connection, to close when the caller goes away. */
  responseRequest: http.IncomingMessage | undefined;
};

export type RuntimeApiServer = {
  /** `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string;
  /** Hands an invocation to the runtime; resolves when the function starts answering (or fails). */
  invoke(request: InvocationRequest): Promise<InvocationOutput>;
  /** Fails the invocation under way (e.g. the process died) and forgets it. */
  abandon(error: LambdaError): void;
  /** The init error the runtime reported, if any. */
  initError(): LambdaError | undefined;
  close(): Promise<void>;
};

/**
 * The Lambda Runtime API (REFERENCE §7.2) for one execution environment:
 * `GET …/invocation/next` hands out the invocation, `POST …/{id}/response`
 * takes a buffered result or — with `Lambda-Runtime-Function-Response-Mode:
 * streaming` — a chunked stream whose bytes are passed on as they arrive and
 * whose trailers carry an error, `POST …/{id}/error` and `POST …/init/error`
 * take failures. Replies as the Runtime Interface Emulator does.
 *
 * @example
 * const api = await startRuntimeApi({ maxBufferedBytes: 6_291_556 }); // then run aws-lambda-ric with AWS_LAMBDA_RUNTIME_API=api.address
 */
export async function startRuntimeApi(options: { readonly maxBufferedBytes: number; readonly onNext?: () => void }): Promise<RuntimeApiServer> {
  let queued: Pending | undefined;
  let current: Pending | undefined;
  let waitingNext: http.ServerResponse | undefined;
  let reportedInitError: LambdaError | undefined;
  const sockets = new Set<net.Socket>();

  const handOut = (): void => {
    if (queued === undefined || waitingNext === undefined) return;
    const pending = queued;
    const response = waitingNext;
    queued = undefined;
    waitingNext = undefined;
    current = pending;
    const { request } = pending;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': request.requestId,
      'Lambda-Runtime-Deadline-Ms': String(request.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': request.functionArn,
      'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${request.requestId.replaceAll('-', '').slice(0, 24)};Parent=${request.requestId.replaceAll('-', '').slice(0, 16)};Sampled=0`,
    };
    if (request.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = Buffer.from(request.clientContext, 'base64').toString('utf8');
    response.writeHead(200, headers).end(JSON.stringify(request.event));
  };

  const reply = (response: http.ServerResponse, status: number, body: Record<string, string>): void => {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://runtime');
    const path = url.pathname;
    if (request.method === 'GET' && path === `${basePath}/invocation/next`) {
      options.onNext?.();
      waitingNext = response;
      handOut();
      return;
    }
    if (request.method === 'POST' && path === `${basePath}/init/error`) {
      void readAll(request).then((body) => {
        reportedInitError = parseError(body, request.headers[errorTypeTrailer] as string | undefined) ?? { errorType: 'Runtime.Unknown', errorMessage: 'init failed', trace: [] };
        reply(response, 202, { status: 'OK' });
      });
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    const pending = current;
    if (request.method !== 'POST' || match === null) {
      reply(response, 404, { errorMessage: `Unknown Runtime API path: ${request.method ?? ''} ${path}`, errorType: 'InvalidRequest' });
      return;
    }
    if (pending === undefined || decodeURIComponent(match[1] ?? '') !== pending.request.requestId) {
      reply(response, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
      return;
    }
    if (match[2] === 'error') {
      void readAll(request).then((body) => {
        finish(pending, { kind: 'error', error: parseError(body, request.headers[errorTypeTrailer] as string | undefined) ?? unknownError() });
        reply(response, 202, { status: 'OK' });
      });
      return;
    }
    if (request.headers['lambda-runtime-function-response-mode'] === streamingMode) {
      acceptStream(pending, request, response);
      return;
    }
    if (request.headers['lambda-runtime-function-response-mode'] !== undefined) {
      reply(response, 400, { errorMessage: 'Invalid function response mode', errorType: 'InvalidFunctionResponseMode' });
      return;
    }
    void readAll(request).then((payload) => {
      if (payload.length > options.maxBufferedBytes) {
        finish(pending, { kind: 'error', error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${options.maxBufferedBytes} bytes).`, trace: [] } });
        reply(response, 413, { errorMessage: `Exceeded maximum allowed payload size (${options.maxBufferedBytes} bytes).`, errorType: 'RequestEntityTooLarge' });
        return;
      }
      finish(pending, { kind: 'buffered', payload });
      reply(response, 202, { status: 'OK' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const finish = (pending: Pending, output: InvocationOutput): void => {
    if (current === pending) current = undefined;
    if (pending.answered) return;
    pending.answered = true;
    pending.answer(output);
  };

  /** A streamed response: bytes pass on as they arrive; trailers say how it ended. */
  const acceptStream = (pending: Pending, request: http.IncomingMessage, response: http.ServerResponse): void => {
    const body = new PassThrough();
    let resolveDone: (error: LambdaError | undefined) => void = () => undefined;
    const done = new Promise<LambdaError | undefined>((settle) => (resolveDone = settle));
    pending.responseRequest = request;
    if (!pending.answered) {
      pending.answered = true;
      pending.answer({ kind: 'stream', contentType: request.headers['content-type'] ?? 'application/octet-stream', body, done });
    }
    // The caller went away: close the runtime's response connection, as its writes now go nowhere.
    body.once('close', () => {
      if (!request.complete) request.socket.destroy();
    });
    request.pipe(body);
    request.once('end', () => {
      const errorType = request.trailers[errorTypeTrailer];
      const errorBody = request.trailers[errorBodyTrailer];
      if (current === pending) current = undefined;
      resolveDone(errorType === undefined ? undefined : (parseError(Buffer.from(errorBody ?? '', 'base64'), errorType) ?? unknownError(errorType)));
      reply(response, 202, { status: 'OK' });
    });
    request.once('close', () => {
      if (request.complete) return;
      if (current === pending) current = undefined;
      body.destroy();
      resolveDone({ errorType: 'Runtime.ExitError', errorMessage: 'The runtime closed its response before finishing it.', trace: [] });
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    invoke: (request) =>
      new Promise<InvocationOutput>((answer) => {
        const pending: Pending = { request, answer, answered: false, responseRequest: undefined };
        queued = pending;
        request.signal.addEventListener('abort', () => pending.responseRequest?.socket.destroy(), { once: true });
        handOut();
      }),
    abandon: (error) => {
      const pending = current ?? queued;
      current = undefined;
      queued = undefined;
      if (pending === undefined) return;
      pending.responseRequest?.socket.destroy();
      if (!pending.answered) {
        pending.answered = true;
        pending.answer({ kind: 'error', error });
      }
    },
    initError: () => reportedInitError,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function readAll(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseError(body: Buffer, typeHeader: string | undefined): LambdaError | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Partial<LambdaError>;
    return { errorType: parsed.errorType ?? typeHeader ?? 'Unknown', errorMessage: parsed.errorMessage ?? '', trace: parsed.trace ?? [] };
  } catch {
    return typeHeader === undefined ? undefined : unknownError(typeHeader);
  }
}

const unknownError = (errorType = 'Unknown'): LambdaError => ({ errorType, errorMessage: '', trace: [] });
