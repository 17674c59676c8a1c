import type { ProblemLog } from './problem-log.ts';
import { supportedResourceTypes, resourceCatalog } from './resource-catalog.ts';
import type { TemplateResource } from './template-resolver.ts';
import { isTemplateList, isTemplateMap, ownEntry, showValue, type TemplateValue } from './template-value.ts';

/** Attributes a resource may have beside Type and Properties; they describe deployment, which a local stack does not do. */
const deploymentAttributes = ['DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy'];

/** What to use instead of a few types authors reach for. */
const alternatives: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'declare it as an AWS::Serverless::Function',
  'AWS::Lambda::Url': 'give the AWS::Serverless::Function a FunctionUrlConfig',
  'AWS::Serverless::HttpApi': 'give the functions HttpApi events without ApiId: they go to SAM\'s implicit HTTP API',
  'AWS::Serverless::SimpleTable': 'declare it as an AWS::DynamoDB::Table',
};

/**
 * The Resources section: each resource's type and properties, every one of
 * an unsupported type reported (never skipped), and the resource attributes
 * checked. Resources of an unsupported type are still returned, so that a
 * Ref to one is not reported a second time as unknown.
 *
 * @example
 * readResources(template.Resources, log) // Map { 'ChatFunction' => { logicalId: 'ChatFunction', type: 'AWS::Serverless::Function', properties: {…}, path: ['Resources', 'ChatFunction'] } }
 */
export function readResources(section: TemplateValue | undefined, log: ProblemLog): { readonly resources: ReadonlyMap<string, TemplateResource>; readonly usesConditions: boolean } {
  const resources = new Map<string, TemplateResource>();
  let usesConditions = false;
  if (!isTemplateMap(section) || Object.keys(section).length === 0) {
    log.problem(['Resources'], section === undefined || section === null || isTemplateMap(section) ? 'a template needs a Resources section with at least one resource' : `expected a mapping of resources, got ${showValue(section)}`);
    return { resources, usesConditions };
  }
  for (const [logicalId, declaration] of Object.entries(section)) {
    const path = ['Resources', logicalId];
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) log.problem(path, 'a logical id has only letters and digits');
    if (!isTemplateMap(declaration)) {
      log.problem(path, `expected a mapping with Type and Properties, got ${showValue(declaration)}`);
      continue;
    }
    const type = ownEntry(declaration, 'Type');
    if (typeof type !== 'string') {
      log.problem([...path, 'Type'], `expected a resource type such as AWS::Serverless::Function, got ${showValue(type)}`);
      continue;
    }
    for (const key of Object.keys(declaration)) {
      if (key === 'Condition') {
        usesConditions = true;
        log.problem([...path, key], 'conditions are not evaluated by `bedrock-emulator stack`; remove Condition to have the resource locally, or the resource to not have it');
      } else if (key !== 'Type' && key !== 'Properties' && !deploymentAttributes.includes(key)) {
        log.problem([...path, key], `unknown resource attribute; a resource has Type, Properties, ${deploymentAttributes.join(', ')}`);
      }
    }
    if (!Object.hasOwn(resourceCatalog, type)) {
      const instead = ownEntry(alternatives, type);
      log.problem([...path, 'Type'], `${logicalId} (${type}) is not supported by \`bedrock-emulator stack\`${instead === undefined ? '' : `; ${instead}`}; supported: ${supportedResourceTypes.join(', ')}`);
    }
    const properties = ownEntry(declaration, 'Properties') ?? null;
    if (properties !== null && !isTemplateMap(properties)) log.problem([...path, 'Properties'], `expected a mapping of properties, got ${showValue(properties)}`);
    resources.set(logicalId, { logicalId, type, properties: isTemplateMap(properties) ? properties : {}, path });
  }
  for (const resource of resources.values()) checkDependsOn(resource, section, resources, log);
  return { resources, usesConditions };
}

function checkDependsOn(resource: TemplateResource, section: Readonly<Record<string, TemplateValue>>, resources: ReadonlyMap<string, TemplateResource>, log: ProblemLog): void {
  const declaration = ownEntry(section, resource.logicalId);
  const dependsOn = isTemplateMap(declaration) ? ownEntry(declaration, 'DependsOn') : undefined;
  if (dependsOn === undefined) return;
  const path = [...resource.path, 'DependsOn'];
  const names = isTemplateList(dependsOn) ? dependsOn : [dependsOn];
  for (const name of names) {
    if (typeof name !== 'string') log.problem(path, `expected a logical id or a list of them, got ${showValue(name)}`);
    else if (!resources.has(name)) log.problem(path, `no resource of this template has the logical id "${name}"`);
  }
}

/**
 * The resources SAM adds to a stack without the template declaring them,
 * which a template may still Ref (`!Ref ServerlessRestApi` in an Output or
 * an environment variable): the implicit REST API for Api events without
 * RestApiId, the implicit HTTP API for HttpApi events without ApiId.
 *
 * @example
 * implicitResourcesOf(resources) // Map { 'ServerlessRestApi' => 'AWS::ApiGateway::RestApi' }
 */
export function implicitResourcesOf(resources: ReadonlyMap<string, TemplateResource>): ReadonlyMap<string, string> {
  const implicit = new Map<string, string>();
  for (const resource of resources.values()) {
    if (resource.type !== 'AWS::Serverless::Function') continue;
    const events = ownEntry(resource.properties, 'Events');
    if (!isTemplateMap(events)) continue;
    for (const event of Object.values(events)) {
      if (!isTemplateMap(event)) continue;
      const properties = ownEntry(event, 'Properties');
      const has = (key: string): boolean => isTemplateMap(properties) && ownEntry(properties, key) !== undefined;
      if (event['Type'] === 'Api' && !has('RestApiId')) implicit.set('ServerlessRestApi', 'AWS::ApiGateway::RestApi');
      if (event['Type'] === 'HttpApi' && !has('ApiId')) implicit.set('ServerlessHttpApi', 'AWS::ApiGatewayV2::Api');
    }
  }
  for (const logicalId of resources.keys()) implicit.delete(logicalId);
  return implicit;
}
