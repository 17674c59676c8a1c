import { functionArn, pseudoParameters, roleArn, stableId, tableArn } from './aws-identifiers.ts';
import type { ProblemLog } from './problem-log.ts';
import { resourceCatalog } from './resource-catalog.ts';
import { createTextBudget, resolveIntrinsics, type IntrinsicContext, type Lookup } from './resolve-intrinsics.ts';
import { ownEntry, showValue, unresolved, type FieldPath, type TemplateMap, type TemplateValue, type Unresolved } from './template-value.ts';

/** One entry of the Resources section, as written. */
export type TemplateResource = {
  readonly logicalId: string;
  readonly type: string;
  /** The Properties mapping, intrinsics not yet resolved. */
  readonly properties: TemplateMap;
  /** `['Resources', logicalId]`. */
  readonly path: FieldPath;
};

export type TemplateResolver = {
  /** Resolves every intrinsic in a value; problems go to the log at `path`. */
  readonly resolve: (value: TemplateValue, path: FieldPath) => TemplateValue;
  /** What `Ref` to a resource gives: a function's or table's name, an API's id, … */
  readonly refOf: (logicalId: string) => string | Unresolved;
  /** Whether anything met asked for a condition or a mapping (Fn::If, Condition, Fn::FindInMap). */
  readonly usedConditions: () => boolean;
  readonly usedMappings: () => boolean;
};

export type ResolverInput = {
  readonly stackName: string;
  /** Each parameter's value (its Default), or `failed` when its problem is already reported. */
  readonly parameters: ReadonlyMap<string, Lookup>;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** Resources SAM creates without the template declaring them, by logical id: `ServerlessRestApi`, `ServerlessHttpApi`. */
  readonly implicitResources: ReadonlyMap<string, string>;
  readonly log: ProblemLog;
};

type NameRule = { readonly property: string; readonly fallback: (logicalId: string, stackName: string) => string | undefined; readonly valid?: RegExp; readonly kind: string };

/** Resources whose Ref is a name the template may set, and what it is when it does not. */
const nameRules: Readonly<Record<string, NameRule>> = {
  'AWS::Serverless::Function': { property: 'FunctionName', fallback: (logicalId) => logicalId, valid: /^[a-zA-Z0-9_-]{1,64}$/, kind: 'Lambda function name (1 to 64 letters, digits, - and _)' },
  'AWS::DynamoDB::Table': { property: 'TableName', fallback: (logicalId, stackName) => `${stackName}-${logicalId}`, valid: /^[a-zA-Z0-9_.-]{3,255}$/, kind: 'DynamoDB table name (3 to 255 letters, digits, _ - and .)' },
  'AWS::IAM::Role': { property: 'RoleName', fallback: (logicalId, stackName) => `${stackName}-${logicalId}`, kind: 'role name' },
  // A stage without a StageName is reported by the stage's reader; a Ref to it has nothing to give.
  'AWS::ApiGatewayV2::Stage': { property: 'StageName', fallback: () => undefined, kind: 'stage name' },
};

type Attribute = (reference: string, resource: TemplateResource) => string;

const endpoint = (scheme: string, id: string): string => `${scheme}://${id}.execute-api.${pseudoParameters.region}.${pseudoParameters.urlSuffix}`;

/** The attributes `Fn::GetAtt` can read, by resource type. */
const attributes: Readonly<Record<string, Readonly<Record<string, Attribute>>>> = {
  'AWS::Serverless::Function': { Arn: functionArn },
  'AWS::DynamoDB::Table': { Arn: tableArn },
  'AWS::IAM::Role': { Arn: roleArn, RoleId: (name) => `AROA${stableId(`role ${name}`, 17).toUpperCase()}` },
  'AWS::Serverless::Api': { RootResourceId: (id) => stableId(`root ${id}`, 10) },
  'AWS::ApiGateway::RestApi': { RootResourceId: (id) => stableId(`root ${id}`, 10) },
  'AWS::ApiGatewayV2::Api': {
    ApiId: (id) => id,
    // The endpoint the API would have on AWS; the local front door prints its own address.
    ApiEndpoint: (id, resource) => endpoint(ownEntry(resource.properties, 'ProtocolType') === 'WEBSOCKET' ? 'wss' : 'https', id),
  },
  'AWS::ApiGatewayV2::Integration': { IntegrationId: (id) => id },
  'AWS::ApiGatewayV2::Route': { RouteId: (id) => id },
  'AWS::ApiGatewayV2::RouteResponse': { RouteResponseId: (id) => id },
  'AWS::ApiGatewayV2::Deployment': { DeploymentId: (id) => id },
};

/** API ids are 10 characters on AWS; the ids of an API's parts are shorter. */
const idLengths: Readonly<Record<string, number>> = { 'AWS::Serverless::Api': 10, 'AWS::ApiGateway::RestApi': 10, 'AWS::ApiGatewayV2::Api': 10 };

/**
 * Resolves a template's intrinsics against its parameters, the pseudo
 * parameters (a fixed account in us-east-1, the stack named after the file)
 * and its resources. A resource's Ref is its name when the template may name
 * it (a function, a table), else a stable id made from its logical id.
 *
 * @example
 * const resolver = createTemplateResolver({ stackName: 'template', parameters, resources, implicitResources: new Map(), log });
 * resolver.resolve({ 'Fn::GetAtt': ['ChatFunction', 'Arn'] }, path) // 'arn:aws:lambda:us-east-1:123456789012:function:ChatFunction'
 */
export function createTemplateResolver(input: ResolverInput): TemplateResolver {
  const { stackName, parameters, resources, implicitResources, log } = input;
  const references = new Map<string, string | Unresolved>();
  const resolving = new Set<string>();
  let conditions = false;
  let mappings = false;
  // What a misspelt Ref may have meant; made once, not at each Ref.
  const referable = [...parameters.keys(), ...resources.keys()];
  const resourceIds = [...resources.keys()];

  const pseudo: Readonly<Record<string, Lookup>> = {
    'AWS::Region': { kind: 'found', value: pseudoParameters.region },
    'AWS::AccountId': { kind: 'found', value: pseudoParameters.accountId },
    'AWS::StackName': { kind: 'found', value: stackName },
    'AWS::Partition': { kind: 'found', value: pseudoParameters.partition },
    'AWS::URLSuffix': { kind: 'found', value: pseudoParameters.urlSuffix },
    'AWS::NoValue': { kind: 'missing', message: 'AWS::NoValue only has a use inside Fn::If, which is not supported; leave the property out instead' },
  };

  const resourceOf = (logicalId: string): TemplateResource | undefined => {
    const resource = resources.get(logicalId);
    if (resource !== undefined) return resource;
    const type = implicitResources.get(logicalId);
    return type === undefined ? undefined : { logicalId, type, properties: {}, path: ['Resources', logicalId] };
  };

  // A resource of an unsupported type is already reported; it has no value to give.
  const isSupported = (resource: TemplateResource): boolean => Object.hasOwn(resourceCatalog, resource.type) || implicitResources.has(resource.logicalId);

  const refOf = (logicalId: string): string | Unresolved => {
    const known = references.get(logicalId);
    if (known !== undefined) return known;
    const resource = resourceOf(logicalId);
    if (resource === undefined) return unresolved;
    resolving.add(logicalId);
    const reference = referenceOf(resource);
    resolving.delete(logicalId);
    references.set(logicalId, reference);
    return reference;
  };

  const referenceOf = (resource: TemplateResource): string | Unresolved => {
    const rule = ownEntry(nameRules, resource.type);
    if (rule === undefined) return stableId(`${resource.type} ${resource.logicalId}`, ownEntry(idLengths, resource.type) ?? 7);
    const written = ownEntry(resource.properties, rule.property);
    const path = [...resource.path, 'Properties', rule.property];
    const name = written === undefined ? rule.fallback(resource.logicalId, stackName) : resolve(written, path);
    if (name === undefined || name === unresolved) return unresolved;
    if (typeof name !== 'string') {
      log.problem(path, `expected a ${rule.kind}, got ${showValue(name)}`);
      return unresolved;
    }
    if (rule.valid !== undefined && !rule.valid.test(name)) {
      const why = written === undefined ? ` (made from the stack name "${stackName}", which is the template's file name, and the logical id); give a ${rule.property}` : '';
      log.problem(path, `"${name}" is not a valid ${rule.kind}${why}`);
      return unresolved;
    }
    return name;
  };

  const context: IntrinsicContext = {
    ref(name) {
      const special = ownEntry(pseudo, name);
      if (special !== undefined) return special;
      if (name.startsWith('AWS::')) return { kind: 'missing', message: `Ref to ${name}: the pseudo parameters known locally are ${Object.keys(pseudo).join(', ')}` };
      const parameter = parameters.get(name);
      if (parameter !== undefined) return parameter;
      const resource = resourceOf(name);
      if (resource === undefined) return { kind: 'missing', message: `Ref to "${name}": no parameter or resource of this template has that name${suggestion(log, name, referable)}` };
      if (resolving.has(name)) return { kind: 'missing', message: `Ref to "${name}" goes round in a circle: its name depends on itself; write the name out` };
      if (!isSupported(resource)) return { kind: 'failed' };
      const reference = refOf(name);
      return reference === unresolved ? { kind: 'failed' } : { kind: 'found', value: reference };
    },
    getAtt(logicalId, attribute) {
      const written = `Fn::GetAtt ${logicalId}.${attribute}`;
      if (parameters.has(logicalId)) return { kind: 'missing', message: `${written}: ${logicalId} is a parameter; use Ref to read its value` };
      const resource = resourceOf(logicalId);
      if (resource === undefined) return { kind: 'missing', message: `${written}: no resource of this template has the logical id "${logicalId}"${suggestion(log, logicalId, resourceIds)}` };
      const known = ownEntry(attributes, resource.type) ?? {};
      const read = ownEntry(known, attribute);
      if (read === undefined) {
        if (!isSupported(resource)) return { kind: 'failed' };
        const names = Object.keys(known);
        return { kind: 'missing', message: `${written}: ${resource.type} has no attribute ${attribute} here${names.length === 0 ? '' : `; known: ${names.join(', ')}`}` };
      }
      if (resolving.has(logicalId)) return { kind: 'missing', message: `${written} goes round in a circle: the name of ${logicalId} depends on itself; write the name out` };
      const reference = refOf(logicalId);
      return reference === unresolved ? { kind: 'failed' } : { kind: 'found', value: read(reference, resource) };
    },
    onUnsupported(name) {
      if (name === 'Fn::If' || name === 'Condition') conditions = true;
      if (name === 'Fn::FindInMap') mappings = true;
    },
    text: createTextBudget(),
  };

  const resolve = (value: TemplateValue, path: FieldPath): TemplateValue => resolveIntrinsics(value, path, context, log.problem);

  return { resolve, refOf, usedConditions: () => conditions, usedMappings: () => mappings };
}

function suggestion(log: ProblemLog, name: string, names: readonly string[]): string {
  const closest = log.closestName(name, names);
  return closest === undefined ? '' : `; did you mean "${closest}"?`;
}
