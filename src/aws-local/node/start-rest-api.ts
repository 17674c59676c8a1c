import { listen } from '../../adapters/http/listen.ts';
import { createRestApiApp, restLimits, type RestLimits, type RestRoute, type TransferMode } from '../gateway/rest-api-app.ts';
import { apiIdFor } from '../../core/ids.ts';
import type { InvocationRecord } from '../host/invocation-log.ts';
import { serveWithFunctions } from './serve-with-functions.ts';
import { accountId, type FunctionOptions } from './start-function.ts';

export type RestApiOptions = {
  readonly routes: readonly RestRoute[];
  /** Default `prod`. */
  readonly stage?: string;
  /** Names the API (its id in events and URLs). Default `rest-api`. */
  readonly name?: string;
  readonly region?: string;
  readonly limits?: Partial<RestLimits>;
  readonly binaryMediaTypes?: readonly string[];
  readonly host?: string;
  readonly port?: number;
};

export type RunningRestApi = {
  /** The stage's base URL, e.g. `http://127.0.0.1:3000/prod`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
};

/** Integration timeouts API Gateway accepts: 50 ms–29 s buffered; a streamed response may last up to 15 minutes. */
export const integrationTimeoutRange = { BUFFERED: [50, 29_000], STREAM: [50, 900_000] } as const;

/**
 * Serves an API Gateway REST API on a port: its routes' functions (started
 * with `startFunction`) behind Lambda proxy integrations, BUFFERED or
 * STREAM, under API Gateway's limits.
 *
 * @example
 * const api = await serveRestApi({ routes: [{ resource: '/chat', method: 'POST', fn: chat.fn, transferMode: 'STREAM' }] });
 * await fetch(`${api.url}/chat`, { method: 'POST', body: '{"prompt":"Hi"}' });
 */
export async function serveRestApi(options: RestApiOptions): Promise<RunningRestApi> {
  const stage = options.stage ?? 'prod';
  const limits: RestLimits = { ...restLimits, ...options.limits };
  for (const route of options.routes) {
    const mode = route.transferMode ?? 'BUFFERED';
    const [min, max] = integrationTimeoutRange[mode];
    const timeout = route.integrationTimeoutMs ?? limits.integrationTimeoutMs;
    if (!(timeout >= min && timeout <= max)) throw new Error(`the integration timeout must be between ${min} and ${max} ms for a ${mode} integration (API Gateway's limits), got ${timeout}`);
  }
  const app = createRestApiApp({ routes: options.routes, stage, apiId: apiIdFor(options.name ?? 'rest-api'), region: options.region ?? 'us-east-1', accountId, limits, binaryMediaTypes: options.binaryMediaTypes ?? [] });
  const server = await listen(app.fetch, { ...(options.host === undefined ? {} : { host: options.host }), ...(options.port === undefined ? {} : { port: options.port }) });
  return { url: `${server.url}/${stage}`, port: server.port, close: () => server.close() };
}

export type RestApiHostOptions = FunctionOptions &
  Omit<RestApiOptions, 'routes'> & {
    /** The resource the function answers. Default `/{proxy+}` (every path below the stage). */
    readonly path?: string;
    /** Default `ANY`. */
    readonly method?: string;
    /** Default `BUFFERED`. */
    readonly transferMode?: TransferMode;
    /** Default 29,000 ms (API Gateway's); a STREAM integration may set up to 900,000 to stream for longer. */
    readonly integrationTimeoutMs?: number;
  };

export type RunningRestApiHost = RunningRestApi & { readonly invocations: () => InvocationRecord[] };

/**
 * One handler behind a REST API route: what `bedrock-emulator rest-api` runs.
 *
 * @example
 * const api = await startRestApi({ handler: 'src/functions/chat-stream/index.ts#handler', path: '/chat', transferMode: 'STREAM', timeoutSeconds: 60 });
 */
export async function startRestApi(options: RestApiHostOptions): Promise<RunningRestApiHost> {
  return serveWithFunctions(async (start) => {
    const { fn } = await start(options);
    return serveRestApi({ ...options, routes: [{ resource: options.path ?? '/{proxy+}', method: options.method ?? 'ANY', fn, transferMode: options.transferMode ?? 'BUFFERED', ...(options.integrationTimeoutMs === undefined ? {} : { integrationTimeoutMs: options.integrationTimeoutMs }) }] });
  });
}
