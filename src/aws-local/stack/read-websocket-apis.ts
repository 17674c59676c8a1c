import { functionArnOfIntegrationUri } from './aws-identifiers.ts';
import type { ProblemLog } from './problem-log.ts';
import { readBoolean, readChoice, readString, type Fields } from './read-fields.ts';
import type { StackWebSocketApi, StackWebSocketRoute } from './template-model.ts';
import type { TemplateResolver, TemplateResource } from './template-resolver.ts';
import { formatFieldPath, ownEntry, unresolved, type FieldPath } from './template-value.ts';

export type WebSocketInput = {
  /** The `AWS::ApiGatewayV2::*` resources, in the template's order. */
  readonly resources: readonly TemplateResource[];
  /** A resource's properties, checked and resolved. */
  readonly fieldsOf: (resource: TemplateResource) => Fields;
  readonly resolver: TemplateResolver;
  /** The logical id of each function of the template, by its ARN (what `!GetAtt Function.Arn` gives). */
  readonly functionsByArn: ReadonlyMap<string, string>;
  readonly log: ProblemLog;
};

type Api = { logicalId: string; name: string; routeSelectionExpression: string; stage: { name: string; at: FieldPath } | undefined; routes: StackWebSocketRoute[] };
type Integration = { readonly api: Api; readonly functionLogicalId: string };
type Route = { readonly api: Api; readonly index: number };

const defaultStageName = 'prod';
const defaultRouteSelectionExpression = '$request.body.action';

/**
 * Reads the WebSocket APIs of a template from their parts: each
 * `AWS::ApiGatewayV2::Api` (ProtocolType WEBSOCKET), the Lambda proxy
 * Integrations, the Routes that target them, the `$default` RouteResponses
 * that make a route two-way, and the Stage. Parts are matched by the ids
 * their Refs resolve to, as API Gateway matches them.
 *
 * @example
 * readWebSocketApis({ resources, fieldsOf, resolver, functionsByArn, log })
 * // [{ logicalId: 'ChatSocket', name: 'chat', stageName: 'prod', routes: [{ routeKey: '$connect', functionLogicalId: 'Chat', routeResponse: false }, …] }]
 */
export function readWebSocketApis(input: WebSocketInput): StackWebSocketApi[] {
  const { resources, log } = input;
  const ofType = (type: string): TemplateResource[] => resources.filter((resource) => resource.type === type);
  const apis = new Map<string, Api>();
  const otherApis = new Set<string>();
  for (const resource of ofType('AWS::ApiGatewayV2::Api')) readApi(resource, input, apis, otherApis);

  const apiOf = (fields: Fields): Api | undefined => {
    const id = readString(fields, 'ApiId', { required: true });
    if (id === undefined || otherApis.has(id)) return undefined;
    const api = apis.get(id);
    if (api === undefined) log.problem([...fields.path, 'ApiId'], `expected a Ref to an AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET of this template, e.g. !Ref ChatSocket, got "${id}"`);
    return api;
  };

  // Parts with a problem of their own stay known, so what points at them is not reported again.
  const idsOf = (type: string): ReadonlySet<string | symbol> => new Set(ofType(type).map((resource) => input.resolver.refOf(resource.logicalId)));
  const knownIntegrations = idsOf('AWS::ApiGatewayV2::Integration');
  const knownRoutes = idsOf('AWS::ApiGatewayV2::Route');
  const integrations = new Map<string, Integration>();
  for (const resource of ofType('AWS::ApiGatewayV2::Integration')) {
    const fields = input.fieldsOf(resource);
    const api = apiOf(fields);
    const integrationType = readString(fields, 'IntegrationType', { required: true });
    if (integrationType !== undefined && integrationType !== 'AWS_PROXY') log.problem([...fields.path, 'IntegrationType'], `${integrationType} integrations are not supported locally; use AWS_PROXY (a Lambda proxy integration)`);
    const method = readString(fields, 'IntegrationMethod');
    if (method !== undefined && method !== 'POST') log.problem([...fields.path, 'IntegrationMethod'], `Lambda is invoked with POST; leave IntegrationMethod out or write POST, got "${method}"`);
    // WebSocket APIs send Lambda the 1.0 payload only.
    readChoice(fields, 'PayloadFormatVersion', ['1.0']);
    const functionLogicalId = functionOf(fields, input);
    const id = input.resolver.refOf(resource.logicalId);
    if (api !== undefined && functionLogicalId !== undefined && id !== unresolved) integrations.set(id, { api, functionLogicalId });
  }

  const routes = new Map<string, Route>();
  const routeKeys = new Map<string, FieldPath>();
  for (const resource of ofType('AWS::ApiGatewayV2::Route')) {
    const fields = input.fieldsOf(resource);
    const api = apiOf(fields);
    const routeKey = readString(fields, 'RouteKey', { required: true });
    const authorization = readString(fields, 'AuthorizationType');
    if (authorization !== undefined && authorization !== 'NONE') log.problem([...fields.path, 'AuthorizationType'], `${authorization} is not supported locally (authorizers are not run); leave AuthorizationType out or write NONE`);
    if (readBoolean(fields, 'ApiKeyRequired') === true) log.problem([...fields.path, 'ApiKeyRequired'], 'API keys are not checked locally; leave ApiKeyRequired out or write false');
    const selection = readString(fields, 'RouteResponseSelectionExpression');
    if (selection !== undefined && selection !== '$default') log.problem([...fields.path, 'RouteResponseSelectionExpression'], `only $default is supported locally, got "${selection}"`);
    const integration = integrationOf(fields, integrations, knownIntegrations, api, log);
    if (api === undefined || routeKey === undefined || integration === undefined) continue;
    const taken = routeKeys.get(`${api.logicalId} ${routeKey}`);
    if (taken !== undefined) {
      log.problem([...fields.path, 'RouteKey'], `${api.logicalId} already has the route ${routeKey} at ${formatFieldPath(taken)}`);
      continue;
    }
    routeKeys.set(`${api.logicalId} ${routeKey}`, [...fields.path, 'RouteKey']);
    const id = input.resolver.refOf(resource.logicalId);
    if (id !== unresolved) routes.set(id, { api, index: api.routes.length });
    api.routes.push({ routeKey, functionLogicalId: integration.functionLogicalId, routeResponse: false });
  }

  for (const resource of ofType('AWS::ApiGatewayV2::RouteResponse')) {
    const fields = input.fieldsOf(resource);
    const api = apiOf(fields);
    const key = readString(fields, 'RouteResponseKey', { required: true });
    if (key !== undefined && key !== '$default') log.problem([...fields.path, 'RouteResponseKey'], `only $default is supported locally, got "${key}"`);
    const routeId = readString(fields, 'RouteId', { required: true });
    if (routeId === undefined || api === undefined) continue;
    const route = routes.get(routeId);
    if (route === undefined && knownRoutes.has(routeId)) continue;
    if (route === undefined || route.api !== api) {
      log.problem([...fields.path, 'RouteId'], `expected a Ref to an AWS::ApiGatewayV2::Route of ${api.logicalId}, e.g. !Ref ChatRoute, got "${routeId}"`);
      continue;
    }
    const entry = route.api.routes[route.index];
    if (entry !== undefined && key === '$default') route.api.routes[route.index] = { ...entry, routeResponse: true };
  }

  for (const resource of ofType('AWS::ApiGatewayV2::Stage')) {
    const fields = input.fieldsOf(resource);
    const api = apiOf(fields);
    const stageName = readString(fields, 'StageName', { required: true });
    if (api === undefined || stageName === undefined) continue;
    if (api.stage !== undefined) {
      log.problem(fields.path, `${api.logicalId} already has the stage "${api.stage.name}" at ${formatFieldPath(api.stage.at)}; a local WebSocket API serves one stage`);
      continue;
    }
    api.stage = { name: stageName, at: resource.path };
  }

  return [...apis.values()].map((api) => ({
    logicalId: api.logicalId,
    name: api.name,
    routeSelectionExpression: api.routeSelectionExpression,
    stageName: api.stage?.name ?? defaultStageName,
    routes: api.routes,
  }));
}

function readApi(resource: TemplateResource, input: WebSocketInput, apis: Map<string, Api>, otherApis: Set<string>): void {
  const { resolver, log } = input;
  const path = [...resource.path, 'Properties', 'ProtocolType'];
  const written = ownEntry(resource.properties, 'ProtocolType');
  const protocol = written === undefined ? undefined : resolver.resolve(written, path);
  const id = resolver.refOf(resource.logicalId);
  if (protocol === 'HTTP') {
    // Its integrations and routes would only repeat this problem.
    if (id !== unresolved) otherApis.add(id);
    log.problem(path, 'HTTP APIs are read from SAM instead: give the function an event of Type HttpApi (with Path and Method, or neither for $default) and remove this resource');
    return;
  }
  const fields = input.fieldsOf(resource);
  const protocolType = readChoice(fields, 'ProtocolType', ['WEBSOCKET'], { required: true });
  const name = readString(fields, 'Name', { required: true });
  const routeSelectionExpression = readString(fields, 'RouteSelectionExpression') ?? defaultRouteSelectionExpression;
  if (id === unresolved) return;
  if (protocolType === undefined || name === undefined) {
    otherApis.add(id);
    return;
  }
  apis.set(id, { logicalId: resource.logicalId, name, routeSelectionExpression, stage: undefined, routes: [] });
}

function functionOf(fields: Fields, input: WebSocketInput): string | undefined {
  const uri = readString(fields, 'IntegrationUri', { required: true });
  if (uri === undefined) return undefined;
  const path = [...fields.path, 'IntegrationUri'];
  const arn = functionArnOfIntegrationUri(uri);
  if (arn === undefined) {
    input.log.problem(path, `expected a Lambda invocation URI, e.g. !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ChatFunction.Arn}/invocations, got "${uri}"`);
    return undefined;
  }
  const logicalId = input.functionsByArn.get(arn);
  if (logicalId === undefined) input.log.problem(path, `${arn} is not a function of this template; use the Arn of an AWS::Serverless::Function, e.g. \${ChatFunction.Arn}`);
  return logicalId;
}

function integrationOf(fields: Fields, integrations: ReadonlyMap<string, Integration>, known: ReadonlySet<string | symbol>, api: Api | undefined, log: ProblemLog): Integration | undefined {
  const target = readString(fields, 'Target', { required: true });
  if (target === undefined) return undefined;
  const id = /^integrations\/(.+)$/.exec(target)?.[1];
  const integration = id === undefined ? undefined : integrations.get(id);
  if (integration === undefined && id !== undefined && known.has(id)) return undefined;
  if (integration === undefined) {
    log.problem([...fields.path, 'Target'], `expected integrations/ and the id of an AWS::ApiGatewayV2::Integration of this template, e.g. !Sub integrations/\${ChatIntegration}, got "${target}"`);
    return undefined;
  }
  if (api !== undefined && integration.api !== api) {
    log.problem([...fields.path, 'Target'], `the integration belongs to ${integration.api.logicalId}, not to this route's API ${api.logicalId}`);
    return undefined;
  }
  return integration;
}
