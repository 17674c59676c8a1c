import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import type { FunctionConfig } from '../host/function-config.ts';
import { runtimeExitError, type HandlerRunner, type InvocationOutput, type InvocationRequest, type LambdaError } from '../host/invocation.ts';
import { containErrors, containLeftovers, exitStatusOf, releaseErrors } from './contain-errors.ts';
import { explainModuleFormat } from './module-format.ts';
import { serializeResult } from './serialize-result.ts';
import { toLambdaError } from './to-lambda-error.ts';
import { handlerHighWaterMark, handlerStreaming, installAwsLambdaGlobal } from './awslambda-global.ts';
import { InProcessResponseStream, restrictedView } from './response-stream.ts';

/** Node's CommonJS module cache (shared by every `require`). */
const commonJsModules = createRequire(import.meta.url).cache;

type Handler = ((event: unknown, second: unknown, third?: unknown) => unknown) & Record<symbol, unknown>;

/** The handler loaded once, as one execution environment runs it; `ended` once it called `process.exit`. */
type Environment = { readonly handler: Handler; ended: boolean };

/**
 * Runs a handler in this process, as the managed runtime would: the
 * `awslambda` global is installed before the module loads, streaming
 * handlers get a response stream, classic ones a context and a callback.
 * Fast, for unit tests; it cannot stop a handler that runs past its timeout,
 * only cut its response off (the runtime mode discards the process instead).
 * A handler that calls `process.exit()` fails its invocation with
 * `Runtime.ExitError` and the next one gets a fresh environment: the
 * handler's module loaded anew (`contain-errors.ts` says what it cannot contain).
 *
 * @example
 * const runner = await createInProcessRunner({ handlerFile: 'src/functions/chat-stream/index.ts', handlerExport: 'handler', ... }, console.error, systemClock);
 */
export async function createInProcessRunner(config: FunctionConfig, log: (line: string) => void, clock: Clock): Promise<HandlerRunner> {
  let loads = 0;
  const load = async (): Promise<Environment> => ({ handler: await loadHandler(config, loads++), ended: false });
  let current = await load();
  /** The next environment, once the current one ended: loaded when an invocation needs it. */
  let next: Promise<Environment | LambdaError> | undefined;
  const leftoversReleased: (() => void)[] = [];
  const environment = (requestId: string): Environment | Promise<Environment | LambdaError> => {
    if (!current.ended) return current;
    next ??= load().then(
      (fresh) => {
        current = fresh;
        next = undefined;
        return fresh;
      },
      (error: unknown) => {
        // Loading failed (the module exited while it loaded, say): this invocation gets the error, the next one tries again.
        next = undefined;
        const status = exitStatusOf(error);
        return status === undefined ? toLambdaError(error) : runtimeExitError(requestId, `exit status ${status}`);
      },
    );
    return next;
  };
  const streams = new Map<string, InProcessResponseStream>();

  const run = (running: Environment, request: InvocationRequest): Promise<InvocationOutput> => {
    const context = (): Record<string, unknown> => contextFor(request, config, clock);
    const exited = (): void => {
      if (running.ended) return;
      running.ended = true;
      // Its timers and promises run on: what they do stays contained until the runner closes.
      leftoversReleased.push(containLeftovers(log));
    };
    const { handler } = running;
    return handler[handlerStreaming] === 'response' ? invokeStreaming(handler, request, context, streams, exited) : invokeClassic(handler, request, context, exited);
  };

  return {
    invoke: (request) => {
      const ready = environment(request.requestId);
      const output = 'handler' in ready ? run(ready, request) : ready.then((loaded) => ('handler' in loaded ? run(loaded, request) : { kind: 'error' as const, error: loaded }));
      // A failed invocation is logged as the runtime logs it, so both modes say the same; a stream's
      // error can come after its first bytes, and is logged when it does.
      void output.then(async (result) => {
        const error = result.kind === 'error' ? result.error : result.kind === 'stream' ? await result.done : undefined;
        if (error === undefined) return;
        // An exit is logged by Lambda itself, not the runtime (which has gone): its two lines.
        if (error.errorType === 'Runtime.ExitError') for (const line of [error.errorMessage, error.errorType]) log(line);
        else log(invokeErrorLine(request.requestId, error, new Date(epochMsOf(clock))));
      });
      return output;
    },
    timedOut: (requestId) => {
      releaseErrors(requestId);
      // The handler cannot be stopped in process; its response is cut off and later writes go nowhere.
      streams.get(requestId)?.stop();
      streams.delete(requestId);
    },
    close: () => {
      for (const release of leftoversReleased.splice(0)) release();
      return Promise.resolve();
    },
  };
}

/**
 * Loads the handler's module and finds its export, with the `awslambda`
 * global in place. A fresh environment loads the module anew (its own
 * instance, its state reset, a CommonJS one too); the modules it imports
 * are shared with the first load, as Node keeps one instance of each.
 */
async function loadHandler(config: FunctionConfig, load: number): Promise<Handler> {
  installAwsLambdaGlobal();
  const url = pathToFileURL(config.handlerFile);
  if (load > 0) {
    url.searchParams.set('environment', String(load));
    // Node keeps a CommonJS module by its file, whatever the URL: forget it, so it loads anew too.
    Reflect.deleteProperty(commonJsModules, config.handlerFile);
  }
  const module = (await import(url.href).catch((error: unknown) => {
    throw explainModuleFormat(error, config.handlerFile);
  })) as Record<string, unknown>;
  const handler = config.handlerExport.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], module);
  if (typeof handler !== 'function') {
    throw new Error(`${config.handlerFile}#${config.handlerExport} is ${handler === undefined ? 'undefined or not exported' : 'not a function'}`);
  }
  return handler as Handler;
}

function invokeStreaming(handler: Handler, request: InvocationRequest, context: () => Record<string, unknown>, streams: Map<string, InProcessResponseStream>, exited: () => void): Promise<InvocationOutput> {
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
    const release = containErrors(request.requestId, (error) => fail(error), exited);
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

function invokeClassic(handler: Handler, request: InvocationRequest, context: () => Record<string, unknown>, exited: () => void): Promise<InvocationOutput> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (output: InvocationOutput): void => {
      if (settled) return;
      settled = true;
      release();
      resolve(output);
    };
    const fail = (error: LambdaError): void => finish({ kind: 'error', error });
    const release = containErrors(request.requestId, fail, exited);
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
