import { isPythonRuntime, type LambdaRuntime } from '../host/lambda-runtimes.ts';
import { readFunctionSettings, type FunctionSettings, type Located } from './function-settings.ts';
import { checkKeys, readChoice, readMap, readString, type Fields } from './read-fields.ts';
import type { StackFunction } from './template-model.ts';
import type { TemplateResource } from './template-resolver.ts';
import { isTemplateMap, showValue, unresolved, type FieldPath, type Unresolved } from './template-value.ts';

/** One SAM event of a function, before the events of all functions are put together into APIs. */
export type FunctionEvent =
  | { readonly kind: 'api'; readonly functionLogicalId: string; readonly path: string; readonly method: string; readonly restApiId: string | undefined; readonly at: FieldPath }
  | { readonly kind: 'http'; readonly functionLogicalId: string; readonly path: string | undefined; readonly method: string | undefined; readonly at: FieldPath };

export type FunctionReading = {
  /** Undefined when a problem was reported (the template is then rejected anyway). */
  readonly function: StackFunction | undefined;
  readonly events: readonly FunctionEvent[];
};

/** Finds the handler module's file: CodeUri as written, the module's path, the endings to try in order; undefined when none exists. */
export type ResolveHandler = (codeUri: string, module: string, endings: readonly string[]) => string | undefined;

/** The extensions a Node.js handler's module may have, in order (Lambda's own three, then TypeScript's for a local run). */
export const handlerExtensions = ['.js', '.mjs', '.cjs', '.ts', '.mts'] as const;
/** What a Python handler's module may be: a file, or a package. */
export const pythonModuleEndings = ['.py', '/__init__.py'] as const;

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/**
 * Reads one `AWS::Serverless::Function` from its resolved properties, over
 * the Globals.Function defaults, and its Api and HttpApi events.
 *
 * @example
 * const { function: chat, events } = readFunction(resource, fields, defaults, 'chat', resolveHandler);
 * // chat.handlerFile → '/app/src/index.ts', events → [{ kind: 'api', path: '/chat', method: 'POST', … }]
 */
export function readFunction(resource: TemplateResource, fields: Fields, defaults: FunctionSettings, functionName: string | Unresolved, resolveHandler: ResolveHandler): FunctionReading {
  const own = readFunctionSettings(fields);
  const handler = own.handler ?? defaults.handler;
  const runtime = own.runtime ?? defaults.runtime;
  const codeUri = own.codeUri ?? defaults.codeUri ?? { value: '.', path: [...fields.path, 'CodeUri'] };
  // A Handler or Runtime given but wrong is reported where it is written; only one given nowhere is missing.
  if (!own.written.includes('Handler') && !defaults.written.includes('Handler')) fields.log.problem([...fields.path, 'Handler'], 'required field is missing (give it here or in Globals.Function), e.g. index.handler');
  if (!own.written.includes('Runtime') && !defaults.written.includes('Runtime')) fields.log.problem([...fields.path, 'Runtime'], 'required field is missing (give it here or in Globals.Function), e.g. nodejs22.x or python3.13');
  const functionUrl = readFunctionUrl(fields, resource.logicalId);
  const events = readEvents(fields, resource.logicalId);
  // A CodeUri written but wrong is already reported: looking for the handler elsewhere would only mislead.
  const codeUriFailed = own.written.includes('CodeUri') ? own.codeUri === undefined : defaults.written.includes('CodeUri') && defaults.codeUri === undefined;
  // Without a runtime (already reported) the module cannot be looked for: Node.js and Python name it differently.
  const handlerFile = handler === undefined || codeUriFailed || runtime === undefined ? undefined : findHandlerFile(handler, runtime.value, codeUri, own, resolveHandler, fields);
  // SAM CLI takes such a CodeUri too (monorepos keep code beside the template's folder); said once, so it is never a surprise.
  if (handlerFile !== undefined && isOutsideFolder(codeUri.value)) {
    fields.log.note(codeUri.path, `${resource.logicalId} (AWS::Serverless::Function): CodeUri "${codeUri.value}" is outside the template's folder; its handler runs from ${handlerFile}, as \`sam local\` would run it`);
  }
  if (handlerFile === undefined || handler === undefined || runtime === undefined || functionName === unresolved || functionUrl === unresolved) return { function: undefined, events };
  return {
    function: {
      logicalId: resource.logicalId,
      functionName,
      runtime: runtime.value,
      codeUri: codeUri.value,
      handler: handler.value,
      handlerFile,
      handlerExport: splitHandlerFor(runtime.value, handler.value).exportName,
      timeoutSeconds: own.timeoutSeconds ?? defaults.timeoutSeconds ?? 3,
      memorySizeMb: own.memorySizeMb ?? defaults.memorySizeMb ?? 128,
      environment: { ...defaults.environment, ...own.environment },
      functionUrl,
    },
    events,
  };
}

function findHandlerFile(handler: Located<string>, runtime: LambdaRuntime, codeUri: Located<string>, own: FunctionSettings, resolveHandler: ResolveHandler, fields: Fields): string | undefined {
  const { module } = splitHandlerFor(runtime, handler.value);
  const python = isPythonRuntime(runtime);
  const endings = python ? pythonModuleEndings : handlerExtensions;
  // Python reads a dot in the module as a package separator, as it reads a slash.
  const file = resolveHandler(codeUri.value, python ? module.replaceAll('.', '/') : module, endings);
  if (file !== undefined) return file;
  // Point at what this function wrote: its CodeUri when the Handler comes from Globals.
  const where = own.handler === undefined && own.codeUri !== undefined ? codeUri.path : handler.path;
  const folder = codeUri.value === '.' || codeUri.value === '' ? "the template's folder" : `CodeUri "${codeUri.value}"`;
  fields.log.problem(where, `no file for the handler module "${module}" in ${folder} (tried ${endings.join(', ')}); check Handler and CodeUri`);
  return undefined;
}

/**
 * Whether a CodeUri leads out of the template's folder: an absolute path,
 * or one whose `..` climb above where it starts.
 *
 * @example
 * isOutsideFolder('../shared/src') // true
 * isOutsideFolder('src/../lib') // false
 */
export function isOutsideFolder(codeUri: string): boolean {
  if (/^([\\/]|[a-z]:)/i.test(codeUri)) return true;
  let depth = 0;
  for (const part of codeUri.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * Splits a Handler the way Lambda's Node.js runtime does: the folder part,
 * then the file name up to its first dot is the module, and the rest is the
 * export, which may reach into nested objects (`index.api.chat`).
 *
 * @example
 * splitHandler('src/chat.handler') // { module: 'src/chat', exportName: 'handler' }
 */
export function splitHandler(handler: string): { readonly module: string; readonly exportName: string } {
  const folderEnd = handler.lastIndexOf('/') + 1;
  const dot = handler.indexOf('.', folderEnd);
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/**
 * Splits a Handler as the function's runtime does: Node.js at the file
 * name's first dot (`splitHandler`), Python at the last (`pkg.app.handler`
 * is the function `handler` of the module `pkg.app`).
 *
 * @example
 * splitHandlerFor('python3.12', 'pkg.app.handler') // { module: 'pkg.app', exportName: 'handler' }
 */
export function splitHandlerFor(runtime: LambdaRuntime, handler: string): { readonly module: string; readonly exportName: string } {
  if (!isPythonRuntime(runtime)) return splitHandler(handler);
  const dot = handler.lastIndexOf('.');
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

function readFunctionUrl(fields: Fields, logicalId: string): StackFunction['functionUrl'] | Unresolved {
  const config = readMap(fields, 'FunctionUrlConfig');
  if (config === undefined) return fields.map['FunctionUrlConfig'] === undefined || fields.map['FunctionUrlConfig'] === null ? undefined : unresolved;
  const subject = `${logicalId} (AWS::Serverless::Function): FunctionUrlConfig`;
  checkKeys(config, { read: ['AuthType', 'InvokeMode'], noted: { Cors: 'CORS headers are not added locally' } }, 'FunctionUrlConfig', subject);
  const authType = readChoice(config, 'AuthType', ['NONE', 'AWS_IAM'], { required: true });
  if (authType === 'AWS_IAM') fields.log.note([...config.path, 'AuthType'], `${subject}: AuthType AWS_IAM: requests are not authenticated locally`);
  const invokeMode = readChoice(config, 'InvokeMode', ['BUFFERED', 'RESPONSE_STREAM']);
  if (authType === undefined || (invokeMode === undefined && config.map['InvokeMode'] !== undefined)) return unresolved;
  return { invokeMode: invokeMode ?? 'BUFFERED' };
}

function readEvents(fields: Fields, logicalId: string): FunctionEvent[] {
  const events = readMap(fields, 'Events');
  if (events === undefined) return [];
  const read: FunctionEvent[] = [];
  for (const [name, value] of Object.entries(events.map)) {
    const path = [...events.path, name];
    if (!isTemplateMap(value)) {
      if (value !== unresolved) fields.log.problem(path, `expected an event mapping with Type and Properties, got ${showValue(value)}`);
      continue;
    }
    const event: Fields = { map: value, path, log: fields.log };
    checkKeys(event, { read: ['Type', 'Properties'], noted: {} }, 'an event');
    const type = readString(event, 'Type', { required: true });
    if (type === 'Api') read.push(...readApiEvent(event, logicalId));
    else if (type === 'HttpApi') read.push(...readHttpApiEvent(event, logicalId, `${logicalId} (AWS::Serverless::Function): Events.${name}`));
    else if (type !== undefined) fields.log.problem([...path, 'Type'], `${type} events are not supported by \`bedrock-emulator stack\`; supported: Api, HttpApi`);
  }
  return read;
}

function readApiEvent(event: Fields, functionLogicalId: string): FunctionEvent[] {
  const properties = readMap(event, 'Properties', { required: true });
  if (properties === undefined) return [];
  checkKeys(properties, { read: ['Path', 'Method', 'RestApiId'], noted: {} }, 'an Api event');
  const path = readPath(properties, true);
  const method = readMethod(properties, true);
  const restApiId = readString(properties, 'RestApiId');
  if (path === undefined || method === undefined) return [];
  return [{ kind: 'api', functionLogicalId, path, method, restApiId, at: properties.path }];
}

function readHttpApiEvent(event: Fields, functionLogicalId: string, noteSubject: string): FunctionEvent[] {
  const properties = readMap(event, 'Properties') ?? { map: {}, path: [...event.path, 'Properties'], log: event.log };
  checkKeys(properties, { read: ['Path', 'Method', 'PayloadFormatVersion'], noted: { TimeoutInMillis: "not read: API Gateway's default integration timeout applies locally (29 s WebSocket, 30 s HTTP API)" } }, 'an HttpApi event', noteSubject);
  readChoice(properties, 'PayloadFormatVersion', ['2.0']);
  const path = readPath(properties, false);
  const method = readMethod(properties, false);
  const hasPath = properties.map['Path'] !== undefined;
  const hasMethod = properties.map['Method'] !== undefined;
  if (hasPath !== hasMethod) {
    properties.log.problem([...properties.path, hasPath ? 'Method' : 'Path'], 'give both Path and Method, or neither for the $default route');
    return [];
  }
  if (hasPath && (path === undefined || method === undefined)) return [];
  return [{ kind: 'http', functionLogicalId, path, method, at: properties.path }];
}

function readPath(properties: Fields, required: boolean): string | undefined {
  const path = readString(properties, 'Path', { required });
  if (path === undefined || path.startsWith('/')) return path;
  properties.log.problem([...properties.path, 'Path'], `expected a path starting with /, e.g. /chat, got ${showValue(path)}`);
  return undefined;
}

function readMethod(properties: Fields, required: boolean): string | undefined {
  const method = readString(properties, 'Method', { required });
  if (method === undefined) return undefined;
  // SAM takes any case (`any`, `post`); API Gateway's route keys are upper case.
  const upper = method.toUpperCase();
  if (methods.includes(upper)) return upper;
  properties.log.problem([...properties.path, 'Method'], `expected one of ${methods.join(', ')} (any case), got ${showValue(method)}`);
  return undefined;
}
