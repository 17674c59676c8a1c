/** The symbols the managed runtime tags streaming handlers with (aws-lambda-ric's UserFunction). */
export const handlerStreaming = Symbol.for('aws.lambda.runtime.handler.streaming');
export const handlerHighWaterMark = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

const integrationContentType = 'application/vnd.awslambda.http-integration-response';
const delimiterLength = 8;

type PreludeStream = {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
};

/**
 * `awslambda.HttpResponseStream`, as in the managed runtime: `from` sets the
 * integration content type and writes the JSON prelude and 8 NUL bytes on
 * the first write.
 */
export class HttpResponseStream {
  static from<T extends PreludeStream>(stream: T, prelude: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] }): T {
    stream.setContentType(integrationContentType);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(delimiterLength));
    };
    return stream;
  }
}

/**
 * Installs the `awslambda` global the managed runtime provides before it
 * loads a handler module: `streamifyResponse` and `HttpResponseStream`.
 *
 * @example
 * installAwsLambdaGlobal(); const module = await import(handlerFile);
 */
export function installAwsLambdaGlobal(): void {
  (globalThis as { awslambda?: unknown }).awslambda = {
    streamifyResponse: (handler: Record<symbol, unknown>, options?: { highWaterMark?: unknown }) => {
      handler[handlerStreaming] = 'response';
      if (typeof options?.highWaterMark === 'number') handler[handlerHighWaterMark] = Math.trunc(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}
