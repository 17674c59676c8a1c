import type { ProblemLog } from './problem-log.ts';
import type { FunctionEvent } from './read-function.ts';
import type { StackHttpRoute, StackModel, StackRestRoute } from './template-model.ts';
import { formatFieldPath, type FieldPath } from './template-value.ts';

/** One `AWS::Serverless::Api`: what an Api event's RestApiId resolves to, and its stage. */
export type ServerlessApi = {
  readonly logicalId: string;
  /** Its Ref value, which is what RestApiId resolves to. */
  readonly id: string;
  /** Undefined when missing (already reported). */
  readonly stageName: string | undefined;
};

/** SAM's stage for its implicit REST API. */
const implicitStageName = 'Prod';

/**
 * Puts the Api events of every function together into the one REST API a
 * local stack serves: SAM's implicit API (stage `Prod`), or the
 * `AWS::Serverless::Api` that every event's RestApiId names, with its stage.
 *
 * @example
 * assembleRestApi(events, [], log) // { stageName: 'Prod', routes: [{ functionLogicalId: 'Chat', path: '/chat', method: 'POST' }] }
 */
export function assembleRestApi(events: readonly FunctionEvent[], apis: readonly ServerlessApi[], log: ProblemLog): StackModel['restApi'] {
  const routes: StackRestRoute[] = [];
  const served = new Map<string, FieldPath>();
  let chosen: { readonly api: ServerlessApi | undefined; readonly at: FieldPath } | undefined;
  const used = new Set<string>();
  for (const event of events) {
    if (event.kind !== 'api') continue;
    const api = event.restApiId === undefined ? undefined : apis.find((candidate) => candidate.id === event.restApiId);
    if (event.restApiId !== undefined && api === undefined) {
      log.problem([...event.at, 'RestApiId'], `expected a Ref to an AWS::Serverless::Api of this template, e.g. !Ref ChatApi, got "${event.restApiId}"`);
      continue;
    }
    if (api !== undefined) used.add(api.logicalId);
    chosen ??= { api, at: event.at };
    if (chosen.api !== api) {
      const other = chosen.api === undefined ? "SAM's implicit API (no RestApiId)" : chosen.api.logicalId;
      log.problem(api === undefined ? event.at : [...event.at, 'RestApiId'], `every Api event goes to one REST API locally, and ${formatFieldPath(chosen.at)} already uses ${other}; give all Api events the same RestApiId`);
      continue;
    }
    if (claimRoute(served, `${event.method} ${event.path}`, event.at, log)) routes.push({ functionLogicalId: event.functionLogicalId, path: event.path, method: event.method });
  }
  for (const api of apis) {
    if (!used.has(api.logicalId)) log.note(['Resources', api.logicalId], `${api.logicalId} (AWS::Serverless::Api): no Api event names it in RestApiId, so it serves nothing locally`);
  }
  if (chosen === undefined) return undefined;
  return { stageName: chosen.api === undefined ? implicitStageName : (chosen.api.stageName ?? implicitStageName), routes };
}

/**
 * Puts the HttpApi events of every function together into SAM's implicit
 * HTTP API; an event without Path and Method is its `$default` route.
 *
 * @example
 * assembleHttpApi(events, log) // { routes: [{ functionLogicalId: 'Chat', path: undefined, method: undefined }] }
 */
export function assembleHttpApi(events: readonly FunctionEvent[], log: ProblemLog): StackModel['httpApi'] {
  const routes: StackHttpRoute[] = [];
  const served = new Map<string, FieldPath>();
  for (const event of events) {
    if (event.kind !== 'http') continue;
    const routeKey = event.path === undefined || event.method === undefined ? '$default' : `${event.method} ${event.path}`;
    if (claimRoute(served, routeKey, event.at, log)) routes.push({ functionLogicalId: event.functionLogicalId, path: event.path, method: event.method });
  }
  return routes.length === 0 && !events.some((event) => event.kind === 'http') ? undefined : { routes };
}

/** Whether a route key is still free; a second claim is reported with where the first one is. */
function claimRoute(served: Map<string, FieldPath>, routeKey: string, at: FieldPath, log: ProblemLog): boolean {
  const first = served.get(routeKey);
  if (first === undefined) {
    served.set(routeKey, at);
    return true;
  }
  log.problem(at, `the route ${routeKey} is already declared at ${formatFieldPath(first)}; each method and path goes to one function`);
  return false;
}
