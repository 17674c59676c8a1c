import { readInteger, readMap, readString, type Fields } from './read-fields.ts';
import { scalarText } from './resolve-intrinsics.ts';
import { showValue, unresolved, type FieldPath } from './template-value.ts';
import { isLambdaRuntime, unsupportedRuntime, type LambdaRuntime } from '../host/lambda-runtimes.ts';

/** A value and the field it came from, so a problem found later points at the right place (the function's own or Globals'). */
export type Located<T> = { readonly value: T; readonly path: FieldPath };

/** The settings a function and Globals.Function share; each undefined when not given (or already reported). */
export type FunctionSettings = {
  readonly handler: Located<string> | undefined;
  readonly codeUri: Located<string> | undefined;
  readonly runtime: Located<LambdaRuntime> | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly memorySizeMb: number | undefined;
  readonly environment: Readonly<Record<string, string>>;
  /** The keys written, right or wrong: a wrong Handler is reported where it is, not again as missing. */
  readonly written: readonly string[];
};

/** Variables Lambda sets itself and refuses in a function's configuration. */
const reservedVariables = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/**
 * Reads Handler, CodeUri, Runtime, Timeout, MemorySize and Environment from a
 * function's resolved properties or from Globals.Function, checking each as
 * Lambda would.
 *
 * @example
 * readFunctionSettings(fields) // { handler: { value: 'index.handler', path }, runtime: { value: 'nodejs22.x', path }, timeoutSeconds: 30, … }
 */
export function readFunctionSettings(fields: Fields): FunctionSettings {
  return {
    handler: located(fields, 'Handler', readHandler(fields)),
    codeUri: located(fields, 'CodeUri', readCodeUri(fields)),
    runtime: located<LambdaRuntime>(fields, 'Runtime', readRuntime(fields)),
    // Lambda's limits: 1–900 seconds, 128–10,240 MB.
    timeoutSeconds: readInteger(fields, 'Timeout', { min: 1, max: 900, unit: 'seconds' }),
    memorySizeMb: readInteger(fields, 'MemorySize', { min: 128, max: 10_240, unit: 'MB' }),
    environment: readEnvironment(fields),
    written: Object.keys(fields.map).filter((key) => fields.map[key] !== null),
  };
}

function located<T extends string = string>(fields: Fields, key: string, value: T | undefined): Located<T> | undefined {
  return value === undefined ? undefined : { value, path: [...fields.path, key] };
}

function readRuntime(fields: Fields): LambdaRuntime | undefined {
  const runtime = readString(fields, 'Runtime');
  if (runtime === undefined || isLambdaRuntime(runtime)) return runtime;
  fields.log.problem([...fields.path, 'Runtime'], unsupportedRuntime(runtime));
  return undefined;
}

function readHandler(fields: Fields): string | undefined {
  const handler = readString(fields, 'Handler');
  if (handler === undefined) return undefined;
  // Lambda's own rules: the file part of MODULE.EXPORT needs a dot, and the module may not climb out of the code folder (nor start above it).
  const file = handler.slice(handler.lastIndexOf('/') + 1);
  if (!/^[^.]+\.[^.]/.test(file) || handler.includes('..') || handler.startsWith('/')) {
    fields.log.problem([...fields.path, 'Handler'], `expected MODULE.EXPORT inside CodeUri, e.g. index.handler or src/chat.handler, got ${showValue(handler)}`);
    return undefined;
  }
  return handler;
}

function readCodeUri(fields: Fields): string | undefined {
  const value = fields.map['CodeUri'];
  if (value !== undefined && value !== null && value !== unresolved && typeof value !== 'string') {
    fields.log.problem([...fields.path, 'CodeUri'], `expected a local folder relative to the template, e.g. src/, got ${showValue(value)}`);
    return undefined;
  }
  const codeUri = readString(fields, 'CodeUri');
  if (codeUri !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(codeUri)) {
    fields.log.problem([...fields.path, 'CodeUri'], `${codeUri} is not a local folder; point CodeUri at the function's source folder, relative to the template`);
    return undefined;
  }
  return codeUri;
}

function readEnvironment(fields: Fields): Readonly<Record<string, string>> {
  const environment = readMap(fields, 'Environment');
  if (environment === undefined) return {};
  for (const key of Object.keys(environment.map)) {
    if (key !== 'Variables') environment.log.problem([...environment.path, key], `${key} is not supported by \`bedrock-emulator stack\` on Environment; supported: Variables`);
  }
  const variables = readMap(environment, 'Variables');
  if (variables === undefined) return {};
  const values: [string, string][] = [];
  for (const [name, value] of Object.entries(variables.map)) {
    const path = [...variables.path, name];
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(name)) variables.log.problem(path, 'a variable name starts with a letter and has only letters, digits and _');
    else if (reservedVariables.has(name)) variables.log.problem(path, `${name} is set by Lambda itself and cannot be configured; choose another name`);
    if (value === unresolved) continue;
    const text = scalarText(value);
    if (text === undefined) variables.log.problem(path, `expected a string, got ${showValue(value)}`);
    else values.push([name, text]);
  }
  return Object.fromEntries(values);
}
