import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { lambdaLimits, maxTimeoutSeconds, type FunctionConfig, type ResponseLimits } from './function-config.ts';
import { functionUrlEvent, traceId } from './host/function-url-event.ts';
import { answerFunctionUrl, type InvokeMode } from './host/function-url.ts';
import { answerInvoke, answerStreamingInvoke, invokePath, sendLambdaApiError, streamingInvokePath } from './host/invoke-api.ts';
import { createInProcessRunner } from './in-process/in-process-runner.ts';
import { timeoutError, type HandlerRunner, type InvocationOutput, type LambdaError } from './invocation.ts';
import { createRuntimeRunner } from './runtime/runtime-runner.ts';

export type LambdaHostOptions = {
  /** `FILE#EXPORT`, e.g. `src/functions/chat-stream/index.ts#handler`. */
  readonly handler: string;
  /** `in-process` (fast; this process) or `runtime` (its own process under aws-lambda-ric). Default `in-process`. */
  readonly mode?: 'in-process' | 'runtime';
  /** The Function URL's invoke mode. Default `RESPONSE_STREAM`. */
  readonly invokeMode?: InvokeMode;
  /** Default 3, Lambda's default; at most 900. */
  readonly timeoutSeconds?: number;
  readonly functionName?: string;
  readonly region?: string;
  readonly memorySizeMb?: number;
  /** The function's environment (runtime mode; in process the function shares this process's). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly limits?: Partial<ResponseLimits>;
  /** Concurrent invocations at most (runtime mode: execution environments). Default 10. */
  readonly maxConcurrency?: number;
  readonly host?: string;
  readonly port?: number;
  /** Where the function's output goes in runtime mode (default: stderr). */
  readonly onLog?: (line: string) => void;
};

/** One invocation as the host saw it. */
export type InvocationRecord = {
  readonly requestId: string;
  readonly via: 'function-url' | 'invoke-with-response-stream' | 'invoke';
  /** ms from the request to the head of the response (Function URL) or its first event. */
  firstByteMs: number | undefined;
  durationMs: number | undefined;
  status: number | undefined;
  error: LambdaError | undefined;
  outcome: 'pending' | 'completed' | 'function-error' | 'timed-out' | 'client-aborted';
};

export type RunningLambdaHost = {
  /** The Function URL, e.g. `http://127.0.0.1:9000/`; the Lambda API (`@aws-sdk/client-lambda`) is served on the same port. */
  readonly url: string;
  readonly port: number;
  readonly functionName: string;
  readonly invocations: () => InvocationRecord[];
  close(): Promise<void>;
};

/**
 * A local host for a Lambda handler: a Function URL (RESPONSE_STREAM or
 * BUFFERED, payload format 2.0) and the Lambda Invoke / InvokeWithResponseStream
 * API on one port, the handler running in process or under the real runtime
 * interface client, with Lambda's timeout and response limits.
 *
 * @example
 * const host = await startLambdaHost({ handler: 'src/functions/chat-stream/index.ts#handler', mode: 'runtime', timeoutSeconds: 30 });
 * await fetch(host.url, { method: 'POST', body: JSON.stringify({ prompt: 'Hello' }) });
 */
export async function startLambdaHost(options: LambdaHostOptions): Promise<RunningLambdaHost> {
  const [file = '', handlerExport = 'handler'] = options.handler.split('#');
  const timeoutSeconds = options.timeoutSeconds ?? 3;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= maxTimeoutSeconds)) throw new Error(`timeout must be between 1 and ${maxTimeoutSeconds} seconds (Lambda's limits), got ${timeoutSeconds}`);
  const config: FunctionConfig = {
    handlerFile: path.resolve(file),
    handlerExport,
    functionName: options.functionName ?? path.basename(path.dirname(path.resolve(file))),
    region: options.region ?? 'us-east-1',
    memorySizeMb: options.memorySizeMb ?? 128,
    timeoutSeconds,
    environment: options.environment ?? {},
  };
  const limits: ResponseLimits = { ...lambdaLimits, ...options.limits };
  const invokeMode = options.invokeMode ?? 'RESPONSE_STREAM';
  const accountId = '123456789012';
  const functionArn = `arn:aws:lambda:${config.region}:${accountId}:function:${config.functionName}`;
  // A Function URL's id: 32 lower-case letters and digits, stable for the function.
  const urlId = Buffer.from(config.functionName).toString('hex').padEnd(32, '0').slice(0, 32);
  const runner: HandlerRunner =
    options.mode === 'runtime'
      ? await (async () => {
          const runtime = createRuntimeRunner(config, { maxConcurrency: options.maxConcurrency ?? 10, maxBufferedBytes: limits.maxBufferedBytes, ...(options.onLog === undefined ? {} : { onLog: options.onLog }) });
          // The first execution environment starts with the host, so the first call does not pay the cold start.
          await runtime.warmUp;
          return runtime;
        })()
      : await createInProcessRunner(config);
  const records: InvocationRecord[] = [];

  /** Runs one invocation with the deadline enforced; the caller answers from the output. */
  const run = async (
    via: InvocationRecord['via'],
    eventFor: (requestId: string) => unknown,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    answer: (output: InvocationOutput, record: InvocationRecord, signal: AbortSignal) => Promise<{ status: number; error: LambdaError | undefined }>,
  ): Promise<void> => {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const record: InvocationRecord = { requestId, via, firstByteMs: undefined, durationMs: undefined, status: undefined, error: undefined, outcome: 'pending' };
    records.push(record);
    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) {
        if (record.outcome === 'pending') record.outcome = 'client-aborted';
        abort.abort();
      }
    });
    // Lambda ends the invocation at its deadline: the response is cut off, the runtime's environment reset.
    const timer = setTimeout(() => {
      record.outcome = 'timed-out';
      record.error = timeoutError(timeoutSeconds);
      runner.timedOut(requestId);
      abort.abort();
      if (!response.headersSent) {
        response.writeHead(502, { 'Content-Type': 'application/json', 'X-Amzn-RequestId': requestId, 'X-Amzn-ErrorType': 'Sandbox.Timedout' });
        response.end(JSON.stringify({ Message: record.error.errorMessage }));
      } else {
        response.destroy();
      }
    }, timeoutSeconds * 1000);
    response.once('finish', () => clearTimeout(timer));
    response.once('close', () => clearTimeout(timer));
    const originalWriteHead = response.writeHead.bind(response);
    response.writeHead = ((...args: Parameters<typeof originalWriteHead>) => {
      record.firstByteMs ??= performance.now() - startedAt;
      return originalWriteHead(...args);
    }) as typeof response.writeHead;
    try {
      const output = await runner.invoke({
        requestId,
        event: eventFor(requestId),
        deadlineMs: Date.now() + timeoutSeconds * 1000,
        functionArn,
        clientContext: request.headers['x-amz-client-context'] as string | undefined,
        signal: abort.signal,
      });
      if (abort.signal.aborted) {
        if (output.kind === 'stream') output.body.destroy();
        return;
      }
      const result = await answer(output, record, abort.signal);
      record.status = result.status;
      if (record.outcome === 'pending') {
        record.error = result.error;
        record.outcome = result.error === undefined ? 'completed' : 'function-error';
      }
    } finally {
      record.durationMs = performance.now() - startedAt;
      clearTimeout(timer);
    }
  };

  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const pathname = new URL(request.url ?? '/', 'http://host').pathname;
      const streaming = request.method === 'POST' ? streamingInvokePath.exec(pathname) : null;
      const classic = request.method === 'POST' ? invokePath.exec(pathname) : null;
      const named = streaming?.[1] ?? classic?.[1];
      if (named !== undefined) {
        const name = decodeURIComponent(named);
        if (name !== config.functionName && name !== functionArn) {
          sendLambdaApiError(response, 404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:${config.region}:${accountId}:function:${name}`);
          return;
        }
        if (request.headers['x-amz-invocation-type'] === 'DryRun') {
          response.writeHead(204, { 'X-Amzn-RequestId': randomUUID() }).end();
          return;
        }
        let event: unknown;
        try {
          event = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
        } catch {
          sendLambdaApiError(response, 400, 'InvalidRequestContentException', 'Could not parse request body into json: the payload is not valid JSON.');
          return;
        }
        await run(streaming === null ? 'invoke' : 'invoke-with-response-stream', () => event, request, response, async (output, record, signal) => {
          if (output.kind === 'error' && output.error.errorType === 'TooManyRequestsException') {
            sendLambdaApiError(response, 429, 'TooManyRequestsException', 'Rate Exceeded.');
            return { status: 429, error: output.error };
          }
          const error = streaming === null ? await answerInvoke(output, response, record.requestId, limits) : await answerStreamingInvoke(output, response, record.requestId, signal);
          return { status: 200, error };
        });
        return;
      }
      const eventFor = (requestId: string): unknown => functionUrlEvent(request, body, { requestId, urlId, region: config.region, accountId });
      await run('function-url', eventFor, request, response, (output, record, signal) =>
        answerFunctionUrl(output, response, invokeMode, limits, { requestId: record.requestId, traceId: traceId(record.requestId) }, signal),
      ).catch(() => undefined);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`bedrock-emulator lambda host: ${(error as Error).message}`);
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;

  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`,
    port: address.port,
    functionName: config.functionName,
    invocations: () => records.map((record) => ({ ...record })),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await runner.close();
    },
  };
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
