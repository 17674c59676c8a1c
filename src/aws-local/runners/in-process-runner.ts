import { pathToFileURL } from 'node:url';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import type { FunctionConfig } from '../host/function-config.ts';
import type { HandlerRunner, InvocationOutput, InvocationRequest, LambdaError } from '../host/invocation.ts';
import { containErrors, releaseErrors } from './contain-errors.ts';
import { serializeResult } from './serialize-result.ts';
import { toLambdaError } from './to-lambda-error.ts';
import { handlerHighWaterMark, handlerStreaming, installAwsLambdaGlobal } from './awslambda-global.ts';
import { InProcessResponseStream, restrictedView } from './response-stream.ts';

type Handler = ((event: unknown, second: unknown, third?: unknown) => unknown) & Record<symbol, unknown>;

/**
 * Runs a handler in this process, as the managed runtime would: the
 * `awslambda` global is installed before the module loads, streaming
 * handlers get a response stream, classic ones a context and a callback.
 * Fast, for unit tests; it cannot stop a handler that runs past its timeout,
 * only cut its response off (the runtime mode discards the process instead).
 *
 * @example
 * const runner = await createInProcessRunner({ handlerFile: 'src/functions/chat-stream/index.ts', handlerExport: 'handler', ... }, console.error, systemClock);
 */
export async function createInProcessRunner(config: FunctionConfig, log: (line: string) => void, clock: Clock): Promise<HandlerRunner> {
  installAwsLambdaGlobal();
  const module = (await import(pathToFileURL(config.handlerFile).href)) as Record<string, unknown>;
  const handler = config.handlerExport.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], module);
  if (typeof handler !== 'function') {
    throw new Error(`${config.handlerFile}#${config.handlerExport} is ${handler === undefined ? 'undefined or not exported' : 'not a function'}`);
  }
  const streams = new Map<string, InProcessResponseStream>();

  return {
    invoke: (request) => {
      const context = (): Record<string, unknown> => contextFor(request, config, clock);
      const output = (handler as Handler)[handlerStreaming] === 'response' ? invokeStreaming(handler as Handler, request, context, streams) : invokeClassic(handler as Handler, request, context);
      // A failed invocation is logged as the runtime logs it, so both modes say the same; a stream's
      // error can come after its first bytes, and is logged when it does.
      void output.then(async (result) => {
        const error = result.kind === 'error' ? result.error : result.kind === 'stream' ? await result.done : undefined;
        if (error !== undefined) log(invokeErrorLine(request.requestId, error, new Date(epochMsOf(clock))));
      });
      return output;
    },
    timedOut: (requestId) => {
      releaseErrors(requestId);
      // The handler cannot be stopped in process; its response is cut off and later writes go nowhere.
      streams.get(requestId)?.stop();
      streams.delete(requestId);
    },
    close: () => Promise.resolve(),
  };
}

function invokeStreaming(handler: Handler, request: InvocationRequest, context: () => Record<string, unknown>, streams: Map<string, InProcessResponseStream>): Promise<InvocationOutput> {
  return new Promise((resolve) => {
    let answered = false;
    let resolveDone: (error: LambdaError | undefined) => void = () => undefined;
    const done = new Promise<LambdaError | undefined>((settle) => (resolveDone = settle));
    const highWaterMark = handler[handlerHighWaterMark];
    const stream = new InProcessResponseStream((contentType) => {
      answered = true;
      resolve({ kind: 'stream', contentType, body: stream.output, done });
    }, typeof highWaterMark === 'number' ? highWaterMark : undefined);
    streams.set(request.requestId, stream);
    const release = containErrors(request.requestId, (error) => fail(error));
    request.signal.addEventListener('abort', () => stream.stop(), { once: true });

    const fail = (error: LambdaError): void => {
      release();
      streams.delete(request.requestId);
      if (!answered) {
        answered = true;
        resolve({ kind: 'error', error });
      }
      stream.closeOutput();
      resolveDone(error);
    };
    let result: unknown;
    try {
      result = handler(request.event, restrictedView(stream), context());
    } catch (error) {
      fail(toLambdaError(error));
      return;
    }
    if (!(result instanceof Promise)) {
      // The runtime fails with a plain string, so its errorType is "string".
      fail(toLambdaError('Streaming does not support non-async handlers.'));
      return;
    }
    result.then(
      async (value: unknown) => {
        if (value !== undefined) console.warn('Streaming handlers ignore return values.');
        // Like the runtime, wait for the response to be complete: a stream the handler
        // never ends keeps the invocation open until its timeout.
        await new Promise((settle) => (stream.writableFinished ? settle(undefined) : stream.once('finish', settle).once('close', settle)));
        if (!stream.writableFinished) {
          fail(toLambdaError('Response stream is not finished.'));
          return;
        }
        release();
        streams.delete(request.requestId);
        resolveDone(undefined);
      },
      (error: unknown) => fail(toLambdaError(error)),
    );
  });
}

function invokeClassic(handler: Handler, request: InvocationRequest, context: () => Record<string, unknown>): Promise<InvocationOutput> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (output: InvocationOutput): void => {
      if (settled) return;
      settled = true;
      release();
      resolve(output);
    };
    const fail = (error: LambdaError): void => finish({ kind: 'error', error });
    const release = containErrors(request.requestId, fail);
    // Serialized while the invocation still holds its errors, so a result JSON cannot carry fails it (as the runtime does).
    const succeed = (value: unknown): void => {
      if (!settled) finish(serializeResult(value));
    };
    const callback = (error: unknown, value?: unknown): void => (error === null || error === undefined ? succeed(value) : fail(toLambdaError(error)));
    try {
      const result = handler(request.event, context(), callback);
      if (result instanceof Promise) result.then(succeed, (error: unknown) => fail(toLambdaError(error)));
    } catch (error) {
      fail(toLambdaError(error));
    }
  });
}

/** The line the runtime interface client writes for a failed invocation: `Invoke Error` and the error as JSON. */
function invokeErrorLine(requestId: string, error: LambdaError, at: Date): string {
  return `${at.toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}`;
}

/** The `context` argument, with what the managed runtime puts in it (docs/protocol/lambda-streaming.md#the-context-object). */
function contextFor(request: InvocationRequest, config: FunctionConfig, clock: Clock): Record<string, unknown> {
  return {
    awsRequestId: request.requestId,
    invokedFunctionArn: request.functionArn,
    functionName: config.functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(config.memorySizeMb),
    logGroupName: `/aws/lambda/${config.functionName}`,
    logStreamName: `${new Date(epochMsOf(clock)).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]bedrock-emulator`,
    clientContext: request.clientContext === undefined ? undefined : (JSON.parse(Buffer.from(request.clientContext, 'base64').toString('utf8')) as unknown),
    identity: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadlineMs - epochMsOf(clock)),
  };
}
