import path from 'node:path';
import { isPythonRuntime } from '../host/lambda-runtimes.ts';
import { trustInThisProcess } from '../node/local-certificate.ts';
import { serveFunctionUrl } from '../node/start-lambda-host.ts';
import { startFunction, type RunningFunction } from '../node/start-function.ts';
import { serveHttpApi } from '../node/start-http-api.ts';
import { serveRestApi } from '../node/start-rest-api.ts';
import { listenWebSocketApi, type ListeningWebSocketApi } from '../node/start-websocket-api.ts';
import { startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb.ts';
import { readTemplate } from './read-template.ts';
import type { StackFunction, StackModel } from './template-model.ts';

export type StackOptions = {
  /** The SAM / CloudFormation template. */
  readonly template: string;
  /** `in-process` (default) or `runtime`, for every Node.js function (Python ones always run in their own process). */
  readonly mode?: 'in-process' | 'runtime';
  /** Added to every function's environment (e.g. `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`), over the template's. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly host?: string;
  /** The first port; each front door takes the next. 0 (default) gives each a free one. */
  readonly port?: number;
  /** Where the functions' output goes in runtime mode. */
  readonly onLog?: (line: string) => void;
};

/** One thing the stack started, and where. */
export type StackEndpoint = { readonly kind: 'rest-api' | 'http-api' | 'websocket-api' | 'function-url' | 'dynamodb'; readonly name: string; readonly url: string };

export type RunningStack = {
  readonly model: StackModel;
  readonly endpoints: readonly StackEndpoint[];
  /** What the template declares without local effect, and choices made here. */
  readonly notes: readonly string[];
  close(): Promise<void>;
};

/**
 * Starts a template's stack locally: its DynamoDB tables (dynalite, in
 * memory), its WebSocket APIs, its functions (each with the template's
 * environment, the tables' endpoint, its WebSocket API's address), then the
 * REST API, the HTTP API and the Function URLs in front of them.
 *
 * @example
 * const stack = await startStack({ template: 'template.yaml', environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:4010' } });
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const model = await readTemplate(options.template);
  const opened: { close(): Promise<void> }[] = [];
  const undo: (() => void)[] = [];
  const endpoints: StackEndpoint[] = [];
  const notes = [...model.notes];
  let nextPort = options.port ?? 0;
  const port = (): number => (nextPort === 0 ? 0 : nextPort++);
  const where = { ...(options.host === undefined ? {} : { host: options.host }) };
  /** Functions and stores, closed after every front door (a WebSocket API's $disconnect still runs its function). */
  const backEnds: { close(): Promise<void> }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const item of opened.reverse()) await item.close();
    for (const item of backEnds.reverse()) await item.close();
    for (const step of undo.reverse()) step();
  };
  try {
    let dynamodb: LocalDynamoDb | undefined;
    if (model.tables.length > 0) {
      dynamodb = await startLocalDynamoDb({ ...where, tables: model.tables.map((table) => ({ name: table.tableName, partitionKey: table.partitionKey, ...(table.sortKey === undefined ? {} : { sortKey: table.sortKey }), ...(table.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: table.timeToLiveAttribute }) })) });
      backEnds.push(dynamodb);
      endpoints.push({ kind: 'dynamodb', name: model.tables.map((table) => table.tableName).join(', '), url: dynamodb.endpoint });
    }
    const webSocketApis = new Map<string, ListeningWebSocketApi>();
    for (const api of model.webSocketApis) {
      const listening = await listenWebSocketApi({ ...where, port: port(), stage: api.stageName, name: api.logicalId, routeSelectionExpression: api.routeSelectionExpression });
      opened.push(listening);
      webSocketApis.set(api.logicalId, listening);
      endpoints.push({ kind: 'websocket-api', name: api.logicalId, url: listening.url });
    }
    /** The WebSocket API a function serves, for its environment (one per function: the first that routes to it). */
    const apiOf = (fn: StackFunction): ListeningWebSocketApi | undefined => {
      const api = model.webSocketApis.find((candidate) => candidate.routes.some((route) => route.functionLogicalId === fn.logicalId));
      return api === undefined ? undefined : webSocketApis.get(api.logicalId);
    };
    const environmentOf = (fn: StackFunction): Record<string, string> => ({
      ...fn.environment,
      ...(dynamodb === undefined ? {} : { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint }),
      ...apiOf(fn)?.environment,
      ...options.environment,
    });
    // In process every function shares this process's environment, so each is given the same merged one: say so where they disagree.
    let shared: Record<string, string> | undefined;
    if (options.mode !== 'runtime') {
      const merged: Record<string, string> = {};
      for (const fn of model.functions.filter((candidate) => !isPythonRuntime(candidate.runtime))) {
        for (const [name, value] of Object.entries(environmentOf(fn))) {
          if (merged[name] !== undefined && merged[name] !== value) notes.push(`In process, the functions share one environment: ${name} is ${JSON.stringify(merged[name])} for all of them (${fn.logicalId} wanted ${JSON.stringify(value)}). Use --mode runtime to keep them apart.`);
          merged[name] ??= value;
        }
      }
      shared = merged;
      for (const api of webSocketApis.values()) undo.push(trustInThisProcess(api.certificate));
    }
    const functions = new Map<string, RunningFunction>();
    for (const fn of model.functions) {
      const python = isPythonRuntime(fn.runtime);
      const running = await startFunction({
        // A Python handler is named from its code folder, which is its task root; a Node.js one by its file.
        handler: python ? fn.handler : `${fn.handlerFile}#${fn.handlerExport}`,
        ...(python ? { codeDir: path.resolve(path.dirname(path.resolve(options.template)), fn.codeUri) } : {}),
        runtime: fn.runtime,
        functionName: fn.functionName,
        timeoutSeconds: fn.timeoutSeconds,
        memorySizeMb: fn.memorySizeMb,
        environment: python ? environmentOf(fn) : (shared ?? environmentOf(fn)),
        ...(options.mode === undefined ? {} : { mode: options.mode }),
        ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
      });
      backEnds.push(running);
      functions.set(fn.logicalId, running);
      notes.push(...running.notes.map((note) => `${fn.logicalId}: ${note}`));
    }
    const fnOf = (logicalId: string): RunningFunction['fn'] => {
      const running = functions.get(logicalId);
      if (running === undefined) throw new Error(`no function ${logicalId} in the template`);
      return running.fn;
    };
    for (const api of model.webSocketApis) {
      webSocketApis.get(api.logicalId)?.attach(api.routes.map((route) => ({ routeKey: route.routeKey, fn: fnOf(route.functionLogicalId), routeResponse: route.routeResponse })));
    }
    if (model.restApi !== undefined) {
      const rest = await serveRestApi({ ...where, port: port(), stage: model.restApi.stageName, name: 'ServerlessRestApi', routes: model.restApi.routes.map((route) => ({ resource: route.path, method: route.method, fn: fnOf(route.functionLogicalId) })) });
      opened.push(rest);
      endpoints.push({ kind: 'rest-api', name: `ServerlessRestApi (${model.restApi.routes.map((route) => `${route.method} ${route.path}`).join(', ')})`, url: rest.url });
    }
    if (model.httpApi !== undefined) {
      const http = await serveHttpApi({ ...where, port: port(), name: 'ServerlessHttpApi', routes: model.httpApi.routes.map((route) => ({ routeKey: route.path === undefined ? '$default' : `${route.method ?? 'ANY'} ${route.path}`, fn: fnOf(route.functionLogicalId) })) });
      opened.push(http);
      endpoints.push({ kind: 'http-api', name: 'ServerlessHttpApi', url: http.url });
    }
    for (const fn of model.functions) {
      if (fn.functionUrl === undefined) continue;
      const running = functions.get(fn.logicalId) as RunningFunction;
      const url = await serveFunctionUrl(running, { ...where, port: port(), invokeMode: fn.functionUrl.invokeMode });
      opened.push(url);
      endpoints.push({ kind: 'function-url', name: `${fn.logicalId} (${fn.functionUrl.invokeMode})`, url: url.url });
    }
    return { model, endpoints, notes, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
