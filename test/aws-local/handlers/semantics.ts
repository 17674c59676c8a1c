/**
 * Handlers that exercise the runtime's streaming semantics, one per path
 * (`event.rawPath`), so one host per mode serves them all. Loaded by the
 * Lambda host in process and under aws-lambda-ric alike.
 */
import type { Writable } from 'node:stream';
import { hostileResult } from './hostile-results.ts';

type Stream = Writable & { setContentType(type: string): void };
type Event = { rawPath?: string; query?: string };
declare const awslambda: {
  streamifyResponse(handler: (event: Event, stream: Stream, context: Record<string, unknown>) => Promise<void> | undefined): unknown;
  HttpResponseStream: { from(stream: Stream, metadata: Record<string, unknown>): Stream };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const prelude = (stream: Stream, metadata: Record<string, unknown>) => awslambda.HttpResponseStream.from(stream, metadata);

const streamingRoutes: Record<string, (event: Event, stream: Stream, context: Record<string, unknown>) => Promise<void>> = {
  '/bad-status': async (_event, stream) => {
    prelude(stream, { statusCode: 1000 }).end('x');
  },
  '/header-newline': async (_event, stream) => {
    prelude(stream, { statusCode: 200, headers: { 'X-A': 'one\r\nX-Injected: two' } }).end('x');
  },
  '/prelude': async (_event, stream) => {
    const out = prelude(stream, { statusCode: 201, headers: { 'Content-Type': 'text/event-stream', 'X-Custom': 'a' }, cookies: ['a=1; Path=/', 'b=2'] });
    out.write('data: one\n\n');
    await sleep(150);
    out.write('data: two\n\n');
    out.end();
  },
  '/prelude-then-end': async (_event, stream) => {
    prelude(stream, { statusCode: 201, headers: { 'X-Custom': 'a' } }).end();
  },
  '/prelude-then-end-data': async (_event, stream) => {
    prelude(stream, { statusCode: 201, headers: { 'X-Custom': 'a' } }).end('bye');
  },
  '/content-type-too-late': async (_event, stream) => {
    stream.write('x');
    try {
      stream.setContentType('text/plain');
    } catch (error) {
      stream.end(`|${(error as Error).name}: ${(error as Error).message}`);
    }
  },
  '/content-type-newline': async (_event, stream) => {
    stream.setContentType('text/plain\r\nX-Injected: two');
    stream.end('x');
  },
  '/object-chunk': async (_event, stream) => {
    stream.write({ a: 1 });
    stream.end();
  },
  '/unfinished': async (_event, stream) => {
    stream.write('started but never ended');
  },
  '/throws-after-write': async (_event, stream) => {
    stream.write('data: one\n\n');
    throw new TypeError('kaboom after first chunk');
  },
  '/throws-before-write': async () => {
    throw new RangeError('nothing written');
  },
  '/slow-after-write': async (_event, stream) => {
    stream.write('tick');
    await sleep(5000);
    stream.end('never sent');
  },
  '/slow-before-write': async (_event, stream) => {
    await sleep(5000);
    stream.end('never sent');
  },
  '/echo-event': async (event, stream) => {
    stream.setContentType('application/json');
    stream.end(JSON.stringify(event));
  },
  '/context': async (_event, stream, context) => {
    const { awsRequestId, functionName, functionVersion, memoryLimitInMB, invokedFunctionArn, logGroupName } = context;
    const remaining = (context['getRemainingTimeInMillis'] as () => number)();
    stream.setContentType('application/json');
    stream.end(JSON.stringify({ awsRequestId, functionName, functionVersion, memoryLimitInMB, invokedFunctionArn, logGroupName, remaining, region: process.env['AWS_REGION'] }));
  },
  '/bytes': async (event, stream) => {
    const total = Number(new URLSearchParams(event.query ?? (event as { rawQueryString?: string }).rawQueryString ?? '').get('kb') ?? '1') * 1024;
    for (let sent = 0; sent < total; sent += 1024) stream.write(Buffer.alloc(1024, 97));
    stream.end();
  },
};

export const streaming = awslambda.streamifyResponse((event, stream, context) => {
  // Not async on purpose for this path: the runtime refuses it.
  if (event.rawPath === '/not-async') return undefined;
  const route = streamingRoutes[event.rawPath ?? ''];
  if (route === undefined) throw new Error(`no route ${event.rawPath ?? ''}`);
  return route(event, stream, context);
});

/** A classic (buffered) handler: its result is mapped by the Function URL. */
export const classic = async (event: Event, _context: unknown, callback: (error: unknown, result?: unknown) => void): Promise<unknown> => {
  const hostile = hostileResult(event.rawPath ?? '');
  if (hostile !== undefined) return hostile();
  switch (event.rawPath) {
    case '/classic-callback-circular': {
      // Answered through the callback, later: the runtime serializes it after the handler's turn.
      const result: Record<string, unknown> = { statusCode: 200 };
      result['self'] = result;
      setTimeout(() => callback(null, result), 5);
      return new Promise(() => undefined);
    }
    case '/classic':
      return { statusCode: 202, headers: { 'x-classic': 'yes' }, cookies: ['c=3'], body: 'classic body' };
    case '/classic-uncaught':
      // An error thrown where no one can catch it; the handler itself never answers.
      setTimeout(() => {
        throw new RangeError('escaped the handler');
      }, 10);
      return new Promise(() => undefined);
    case '/classic-unhandled':
      void Promise.reject(new TypeError('nobody awaited me'));
      return new Promise(() => undefined);
    case '/classic-bad-status':
      return { statusCode: 1000, body: 'x' };
    case '/classic-json':
      return { hello: 'world' };
    case '/env': {
      const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_EXECUTION_ENV', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'MY_SETTING'];
      return { ...Object.fromEntries(names.map((name) => [name, process.env[name]])), hasFunctionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined, hasCredentials: process.env['AWS_ACCESS_KEY_ID'] !== undefined && process.env['AWS_SECRET_ACCESS_KEY'] !== undefined };
    }
    case '/classic-base64':
      return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
    default:
      throw new Error('classic failure');
  }
};
