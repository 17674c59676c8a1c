import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Emulator } from '../../emulator/create-emulator.ts';

/** The slice of smithy's `HttpRequest` the handler reads (structural, so no smithy types are imported). */
type SdkHttpRequest = {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number | undefined;
  readonly path: string;
  readonly query?: Record<string, string | readonly string[] | null> | undefined;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
};

type SdkHttpResponse = { statusCode: number; reason?: string; headers: Record<string, string>; body: Readable };

/**
 * A request handler for AWS SDK v3 clients that hands each request straight
 * to the emulator app: no socket, no port, no interception. Pass it where the
 * client takes its transport:
 *
 * @example
 * const client = new BedrockRuntimeClient({ region: 'us-east-1', requestHandler: createEmulatorRequestHandler(emulator) });
 */
export function createEmulatorRequestHandler(emulator: Emulator) {
  return {
    // Declared as HTTP/1.1 so the SDK does not add HTTP/2 pseudo-headers (`:authority`) to sign.
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest, options: { abortSignal?: AbortSignal | { aborted: boolean } } = {}): Promise<{ response: SdkHttpResponse }> {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !name.startsWith(':')));
      const init: RequestInit = { method: request.method, headers };
      const requestBody = request.method === 'GET' || request.method === 'HEAD' ? undefined : await bodyOf(request.body);
      if (requestBody !== undefined) init.body = requestBody;
      if (options.abortSignal instanceof AbortSignal) init.signal = options.abortSignal;
      const response = await emulator.fetch(new Request(urlOf(request), init));
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (responseHeaders[name] = value));
      // The SDK's Node stream helpers expect a Node Readable body.
      const body = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
      return { response: { statusCode: response.status, reason: response.statusText, headers: responseHeaders, body } };
    },
    updateHttpClientConfig: (): void => undefined,
    httpHandlerConfigs: (): Record<string, never> => ({}),
    destroy: (): void => undefined,
  };
}

type RequestBody = NonNullable<RequestInit['body']>;

function urlOf(request: SdkHttpRequest): string {
  const query = Object.entries(request.query ?? {}).flatMap(([name, value]) => {
    if (value === null) return [encodeURIComponent(name)];
    const values = typeof value === 'string' ? [value] : value;
    return values.map((item) => `${encodeURIComponent(name)}=${encodeURIComponent(item)}`);
  });
  const port = request.port === undefined ? '' : `:${request.port}`;
  return `${request.protocol}//${request.hostname}${port}${request.path}${query.length === 0 ? '' : `?${query.join('&')}`}`;
}

async function bodyOf(body: unknown): Promise<RequestBody | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body as RequestBody;
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks) as RequestBody;
  }
  throw new TypeError(`createEmulatorRequestHandler: cannot send a request body of type ${typeof body}`);
}
