import { listen } from '../../adapters/http/listen.ts';
import { apiIdFor } from '../../core/ids.ts';
import { createHttpApiApp, httpApiLimits, type HttpApiLimits, type HttpRoute } from '../gateway/http-api-app.ts';
import type { InvocationRecord } from '../host/invocation-log.ts';
import { serveWithFunctions } from './serve-with-functions.ts';
import { accountId, type FunctionOptions } from './start-function.ts';

export type HttpApiOptions = {
  readonly routes: readonly HttpRoute[];
  /** Names the API (its id in events). Default `http-api`. */
  readonly name?: string;
  readonly region?: string;
  readonly limits?: Partial<HttpApiLimits>;
  readonly host?: string;
  readonly port?: number;
};

export type RunningHttpApi = {
  /** The `$default` stage's base URL, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
};

/**
 * Serves an API Gateway HTTP API on a port: its routes' functions behind
 * Lambda integrations (payload 2.0), buffered, under its 30 s limit.
 *
 * @example
 * const api = await serveHttpApi({ routes: [{ routeKey: 'POST /chat', fn: chat.fn }] });
 */
export async function serveHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const limits: HttpApiLimits = { ...httpApiLimits, ...options.limits };
  if (!(limits.integrationTimeoutMs >= 50 && limits.integrationTimeoutMs <= 30_000)) throw new Error(`the integration timeout must be between 50 and 30000 ms (an HTTP API's limits), got ${limits.integrationTimeoutMs}`);
  const app = createHttpApiApp({ routes: options.routes, apiId: apiIdFor(options.name ?? 'http-api'), region: options.region ?? 'us-east-1', accountId, limits });
  const server = await listen(app.fetch, { ...(options.host === undefined ? {} : { host: options.host }), ...(options.port === undefined ? {} : { port: options.port }) });
  return { url: server.url, port: server.port, close: () => server.close() };
}

export type HttpApiHostOptions = FunctionOptions &
  Omit<HttpApiOptions, 'routes'> & {
    /** The route the function answers: `METHOD /path`, or `$default` (the default: every request). */
    readonly routeKey?: string;
  };

export type RunningHttpApiHost = RunningHttpApi & { readonly invocations: () => InvocationRecord[] };

/**
 * One handler behind an HTTP API route: what `bedrock-emulator http-api` runs.
 *
 * @example
 * const api = await startHttpApi({ handler: 'src/functions/chat-stream/index.ts#handler', routeKey: 'POST /chat' });
 */
export async function startHttpApi(options: HttpApiHostOptions): Promise<RunningHttpApiHost> {
  return serveWithFunctions(async (start) => serveHttpApi({ ...options, routes: [{ routeKey: options.routeKey ?? '$default', fn: (await start(options)).fn }] }));
}
