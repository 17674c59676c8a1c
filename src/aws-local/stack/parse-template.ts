import { assembleHttpApi, assembleRestApi, type ServerlessApi } from './assemble-apis.ts';
import { functionArn } from './aws-identifiers.ts';
import { parseTemplateText } from './parse-template-text.ts';
import { createProblemLog, type ProblemLog } from './problem-log.ts';
import { readString, type Fields } from './read-fields.ts';
import { readFunction, type FunctionEvent, type ResolveHandler } from './read-function.ts';
import { readGlobals } from './read-globals.ts';
import { readParameters } from './read-parameters.ts';
import { implicitResourcesOf, readResources } from './read-resources.ts';
import { readTable } from './read-table.ts';
import { readWebSocketApis } from './read-websocket-apis.ts';
import { resourceCatalog } from './resource-catalog.ts';
import { resolveResourceFields } from './resource-fields.ts';
import { TemplateError } from './template-error.ts';
import { formatCount, templateLimits } from './template-limits.ts';
import type { StackFunction, StackModel, StackTable } from './template-model.ts';
import { createTemplateResolver, type TemplateResolver, type TemplateResource } from './template-resolver.ts';
import { isTemplateList, isTemplateMap, ownEntry, showValue, unresolved, type TemplateMap } from './template-value.ts';

/** Where a template's text came from, and how to find its handlers' files (the one thing that needs the file system). */
export type TemplateSource = {
  /** The template's path as the user gave it: problems name it, and its base name is the stack's name. */
  readonly file: string;
  /** The handler module's file (CodeUri relative to the template's folder, then the module with .js, .mjs, .cjs, .ts or .mts), or undefined when none exists. */
  readonly resolveHandler: ResolveHandler;
};

const samTransform = 'AWS::Serverless-2016-10-31';

/** Top-level sections: read, ignored (Outputs only describe a deployed stack), or noted. */
const sections = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Transform', 'Parameters', 'Globals', 'Resources', 'Outputs', 'Conditions', 'Mappings', 'Rules'];

/**
 * Reads a SAM / CloudFormation template (YAML or JSON) into the model a
 * local stack starts from: functions, the REST, HTTP and WebSocket APIs in
 * front of them, and DynamoDB tables, every intrinsic resolved. Pure: the
 * file system is reached only through `source.resolveHandler`.
 *
 * @throws TemplateError with every problem found, each with its file, line and field.
 * @example
 * const model = parseTemplate(text, { file: 'template.yaml', resolveHandler: (codeUri, module) => `/app/${codeUri}/${module}.js` });
 * model.functions[0]?.functionUrl // { invokeMode: 'RESPONSE_STREAM' }
 */
export function parseTemplate(text: string, source: TemplateSource): StackModel {
  const parsed = parseTemplateText(text);
  if (parsed.kind === 'invalid') {
    throw new TemplateError(parsed.errors.map((error) => ({ path: error.line === undefined ? source.file : `${source.file}:${error.line}`, message: error.message })));
  }
  const log = createProblemLog(source.file, parsed.lineOf);
  const template = parsed.content;
  const declared = isTemplateMap(template) ? ownEntry(template, 'Resources') : undefined;
  const resourceCount = isTemplateMap(declared) ? Object.keys(declared).length : 0;
  if (resourceCount > templateLimits.maxResources) {
    // Said alone and at once: reading thousands of resources would only bury it.
    log.problem(['Resources'], `the template declares ${formatCount(resourceCount)} resources; CloudFormation takes at most ${templateLimits.maxResources} in one template, and so does \`bedrock-emulator stack\`: split it into templates of ${templateLimits.maxResources} or fewer`);
    throw new TemplateError(log.problems());
  }
  // Outputs only describe a deployed stack and are not read, so not even their tags are judged.
  for (const problem of parsed.tagProblems) if (problem.path[0] !== 'Outputs') log.problem(problem.path, problem.message);
  if (!isTemplateMap(template)) {
    log.problem([], `expected a template: a mapping with a Resources section, got ${showValue(template)}`);
    throw new TemplateError(log.problems());
  }
  const model = readTemplate(template, source, log);
  const problems = log.problems();
  if (problems.length > 0) throw new TemplateError(problems);
  return model;
}

function readTemplate(template: TemplateMap, source: TemplateSource, log: ProblemLog): StackModel {
  for (const key of Object.keys(template)) {
    if (!sections.includes(key)) log.problem([key], `unknown section; a template has ${sections.join(', ')}`);
  }
  const parameters = readParameters(ownEntry(template, 'Parameters'), log);
  const { resources, usesConditions } = readResources(ownEntry(template, 'Resources'), log);
  for (const name of parameters.keys()) {
    if (resources.has(name)) log.problem(['Parameters', name], `a resource has the same logical id; rename one of them`);
  }
  checkTransform(template, resources, log);
  const resolver = createTemplateResolver({ stackName: stackNameOf(source.file), parameters, resources, implicitResources: implicitResourcesOf(resources), log });
  const defaults = readGlobals(ownEntry(template, 'Globals'), resolver, log);

  const functions: StackFunction[] = [];
  const events: FunctionEvent[] = [];
  const serverlessApis: ServerlessApi[] = [];
  const webSocketParts: TemplateResource[] = [];
  const tables: StackTable[] = [];
  const fieldsOf = (resource: TemplateResource): Fields => {
    const rules = ownEntry(resourceCatalog, resource.type);
    return resolveResourceFields(resource, rules?.kind === 'read' ? rules.properties : { read: [], noted: {} }, resolver, log);
  };
  for (const resource of resources.values()) {
    const rules = ownEntry(resourceCatalog, resource.type);
    if (rules === undefined) continue;
    if (rules.kind === 'noted') {
      log.note(resource.path, `${resource.logicalId} (${resource.type}): ${rules.reason}`);
      // Read for nothing but its problems: a Ref to a resource that is not there fails on AWS too.
      resolver.resolve(resource.properties, [...resource.path, 'Properties']);
      continue;
    }
    switch (resource.type) {
      case 'AWS::Serverless::Function': {
        const reading = readFunction(resource, fieldsOf(resource), defaults, resolver.refOf(resource.logicalId), source.resolveHandler);
        if (reading.function !== undefined) functions.push(reading.function);
        events.push(...reading.events);
        break;
      }
      case 'AWS::Serverless::Api': {
        const stageName = readString(fieldsOf(resource), 'StageName', { required: true });
        const id = resolver.refOf(resource.logicalId);
        if (id !== unresolved) serverlessApis.push({ logicalId: resource.logicalId, id, stageName });
        break;
      }
      case 'AWS::DynamoDB::Table': {
        const table = readTable(resource, fieldsOf(resource), resolver.refOf(resource.logicalId));
        if (table !== undefined) tables.push(table);
        break;
      }
      default:
        webSocketParts.push(resource);
    }
  }
  checkUniqueNames(resources, resolver, log);

  const functionsByArn = new Map(
    [...resources.values()].filter((resource) => resource.type === 'AWS::Serverless::Function').flatMap((resource) => {
      const name = resolver.refOf(resource.logicalId);
      return name === unresolved ? [] : [[functionArn(name), resource.logicalId] as const];
    }),
  );
  const webSocketApis = readWebSocketApis({ resources: webSocketParts, fieldsOf, resolver, functionsByArn, log });
  const restApi = assembleRestApi(events, serverlessApis, log);
  const httpApi = assembleHttpApi(events, log);

  if (ownEntry(template, 'Conditions') !== undefined && !usesConditions && !resolver.usedConditions()) log.note(['Conditions'], 'Conditions: not evaluated locally, and no resource uses them');
  if (ownEntry(template, 'Mappings') !== undefined && !resolver.usedMappings()) log.note(['Mappings'], 'Mappings: not read locally, and no resource uses them');
  if (ownEntry(template, 'Rules') !== undefined) log.note(['Rules'], 'Rules: parameter rules are not checked locally (each parameter takes its Default)');

  return { functions, restApi, httpApi, webSocketApis, tables, notes: log.notes() };
}

function checkTransform(template: TemplateMap, resources: ReadonlyMap<string, TemplateResource>, log: ProblemLog): void {
  const written = ownEntry(template, 'Transform');
  const transforms = written === undefined || written === null ? [] : isTemplateList(written) ? written : [written];
  for (const [index, transform] of transforms.entries()) {
    if (transform === samTransform) continue;
    const path = isTemplateList(written) ? ['Transform', index] : ['Transform'];
    log.problem(path, `${typeof transform === 'string' ? transform : showValue(transform)} is not supported by \`bedrock-emulator stack\`; the one transform it applies is ${samTransform}`);
  }
  const serverless = [...resources.values()].find((resource) => resource.type.startsWith('AWS::Serverless::'));
  const uses = serverless === undefined ? (ownEntry(template, 'Globals') === undefined ? undefined : 'Globals') : `${serverless.type} (${serverless.logicalId})`;
  if (uses !== undefined && !transforms.includes(samTransform)) {
    log.problem(['Transform'], `this template uses ${uses}, which needs SAM: add \`Transform: ${samTransform}\` at the top level`);
  }
}

/** Two functions, or two tables, with one name would be one resource on AWS: CloudFormation refuses the second. */
function checkUniqueNames(resources: ReadonlyMap<string, TemplateResource>, resolver: TemplateResolver, log: ProblemLog): void {
  const seen = new Map<string, string>();
  for (const resource of resources.values()) {
    const kind = resource.type === 'AWS::Serverless::Function' ? 'function' : resource.type === 'AWS::DynamoDB::Table' ? 'table' : undefined;
    if (kind === undefined) continue;
    const name = resolver.refOf(resource.logicalId);
    if (name === unresolved) continue;
    const first = seen.get(`${kind} ${name}`);
    if (first === undefined) seen.set(`${kind} ${name}`, resource.logicalId);
    else log.problem([...resource.path, 'Properties', kind === 'function' ? 'FunctionName' : 'TableName'], `${first} already has the ${kind} name "${name}"; give each ${kind} its own`);
  }
}

/**
 * The stack's name, as `AWS::StackName` gives it: the template's file name
 * without its folder and extension.
 *
 * @example
 * stackNameOf('infra/chat.yaml') // 'chat'
 */
export function stackNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.[^.]*$/, '');
  return name === '' ? 'stack' : name;
}
