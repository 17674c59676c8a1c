import { InvalidArgumentError } from 'commander';
import { maxTimeoutSeconds } from '../aws-local/host/function-config.ts';

/*
 * Argument parsers shared by the commands: each reads the text strictly and says what it expected.
 * `Number()` alone is too lenient for a command line: it reads '' and ' ' as 0, '0x10' as 16 and
 * '1e3' as 1000, so an empty `--port ""` would quietly pick a free port.
 */

const wholeNumber = /^\d+$/;
const signedWholeNumber = /^-?\d+$/;
const decimalNumber = /^(\d+(\.\d*)?|\.\d+)$/;

/** Reads a port, 0 (a free one) to 65535. */
export function portNumber(value: string): number {
  const parsed = wholeNumber.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 0 && parsed <= 65535)) throw new InvalidArgumentError('expected an integer from 0 to 65535.');
  return parsed;
}

/** Reads a decimal number of at least 0, such as a speed factor. */
export function nonNegativeNumber(value: string): number {
  const parsed = decimalNumber.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number >= 0.');
  return parsed;
}

/** Reads a whole number of at least 1, such as a count or a limit. */
export function positiveInteger(value: string): number {
  const parsed = wholeNumber.test(value) ? Number(value) : Number.NaN;
  if (!(Number.isSafeInteger(parsed) && parsed >= 1)) throw new InvalidArgumentError('expected an integer >= 1.');
  return parsed;
}

/** Reads any whole number, negative ones too, such as a seed. */
export function integer(value: string): number {
  const parsed = signedWholeNumber.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer.');
  return parsed;
}

/**
 * A parser for a whole number from `min` to `max`; `why` names whose limits they are.
 *
 * @example
 * new Option('--memory <mb>').argParser(integerFrom(128, 10_240, 'MB, as Lambda allows'))
 */
export function integerFrom(min: number, max: number, why: string): (value: string) => number {
  return (value) => {
    const parsed = wholeNumber.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) throw new InvalidArgumentError(`expected an integer from ${min} to ${max} (${why}).`);
    return parsed;
  };
}

/**
 * A parser that refuses an empty or blank value, which a shell passes on for an unset
 * variable (`--host "$HOST"`); `what` says what was expected.
 *
 * @example
 * new Option('--host <host>').argParser(nonEmpty('a host name or address'))
 */
export function nonEmpty(what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`expected ${what}, got an empty value.`);
    return value;
  };
}

/** Reads an interface to bind: an empty one would make Node listen on every interface. */
export function hostName(value: string): string {
  if (value.trim() === '' || /\s/.test(value)) throw new InvalidArgumentError('expected a host name or IP address, such as 127.0.0.1 or 0.0.0.0.');
  return value;
}

/** `any`, or one or both of `sigv4` and `api-key` (comma-separated): what `--auth` verifies. */
export function authModesOption(value: string): ('sigv4' | 'api-key')[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length === 1 && parts[0] === 'any') return [];
  const modes: ('sigv4' | 'api-key')[] = [];
  for (const part of parts) {
    if (part !== 'sigv4' && part !== 'api-key') throw new InvalidArgumentError('expected any, sigv4, api-key, or sigv4,api-key.');
    if (!modes.includes(part)) modes.push(part);
  }
  return modes;
}

/**
 * A parser for a repeatable option or argument (`<value...>`) whose every value must be
 * non-empty; the values given add up. Commander leaves the adding to a custom parser, and hands
 * it the default first: values given replace a default passed here as `fallback`.
 *
 * @example
 * new Option('-f, --fixtures <path...>').argParser(eachNonEmpty('a fixture file or folder'))
 */
export function eachNonEmpty(what: string, fallback?: readonly string[]): (value: string, previous: readonly string[] | undefined) => string[] {
  const check = nonEmpty(what);
  return (value, previous) => [...(previous === undefined || previous === fallback ? [] : previous), check(value)];
}

/** Reads a Lambda function's name, as Lambda allows it: 1 to 64 letters, digits, hyphens and underscores. */
export function functionNameOption(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new InvalidArgumentError("expected 1 to 64 letters, digits, hyphens or underscores (Lambda's rule for a function name).");
  return value;
}

/** Reads a function timeout in seconds, within Lambda's limits. */
export const timeoutSeconds = integerFrom(1, maxTimeoutSeconds, "seconds, Lambda's limits");

/** Reads a function's memory size in MB, within Lambda's limits (128 MB to 10,240 MB). */
export const memorySizeMb = integerFrom(128, 10_240, "MB, Lambda's limits");

/** The HTTP methods API Gateway routes, and ANY for all of them. */
export const gatewayMethods = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Reads a resource path below the stage, which starts with a slash. */
export function resourcePath(value: string): string {
  if (!value.startsWith('/') || /\s/.test(value)) throw new InvalidArgumentError('expected a path that starts with /, such as /chat or /items/{id}.');
  return value;
}

/** Reads an HTTP API route key: `METHOD /path`, or `$default` for every request. */
export function httpRouteKey(value: string): string {
  const [method = '', routePath, ...rest] = value.split(' ');
  const valid = value === '$default' || (rest.length === 0 && (gatewayMethods as readonly string[]).includes(method.toUpperCase()) && routePath?.startsWith('/') === true);
  if (!valid) throw new InvalidArgumentError(`expected 'METHOD /path' (METHOD one of ${gatewayMethods.join(', ')}) or $default.`);
  return value;
}

/** Reads an API Gateway stage name: letters, digits, hyphens and underscores, up to 128. */
export function stageName(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) throw new InvalidArgumentError("expected 1 to 128 letters, digits, hyphens or underscores (API Gateway's rule for a stage name).");
  return value;
}

/**
 * Reads the control routes' token. An empty one would be met by a request that sends none, and
 * leave the routes open on every interface.
 */
export function controlTokenOption(value: string): string {
  if (value === '' || /\s/.test(value)) throw new InvalidArgumentError('expected a token without spaces; an empty token would let anyone use the control routes.');
  return value;
}

/** Reads an http(s) URL, such as an upstream endpoint. */
export function httpUrl(value: string): string {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL, such as https://bedrock-runtime.us-east-1.amazonaws.com.');
  return value;
}

/** The shape of an AWS region name: `us-east-1`, `us-gov-west-1`, `ap-southeast-4`. */
export const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Reads an AWS region name. */
export function regionName(value: string): string {
  if (!regionPattern.test(value)) throw new InvalidArgumentError('expected an AWS region, such as us-east-1 or eu-west-3.');
  return value;
}
