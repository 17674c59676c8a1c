import { z } from 'zod';
import type { OutputSchema } from '../fixtures/request.ts';

/**
 * Structured output (Converse's `outputConfig.textFormat`, Claude's
 * `output_format`): the model's text is JSON that conforms to a JSON Schema.
 * A fixture's text is checked against the schema; without a fixture, the
 * emulator makes up a conforming answer. Pure.
 */

type Compiled = { readonly kind: 'compiled'; readonly validator: z.ZodType } | { readonly kind: 'invalid'; readonly reason: string };

/** Each request's schema is compiled once: the parser checks it, planning uses it. */
const compiledSchemas = new WeakMap<object, Compiled>();

/**
 * The request's JSON Schema as a validator, or a sentence saying why it
 * cannot be one. `pattern` and `patternProperties` are left out: a request's
 * regular expression is never run (one that backtracks could stall the
 * emulator for every caller). A schema that refers to itself without end
 * compiles but cannot validate anything: it is found here, by a trial run.
 *
 * @example
 * compileOutputSchema({ type: 'object', properties: { city: { type: 'string' } } }) // { kind: 'compiled', … }
 */
export function compileOutputSchema(schema: unknown): Compiled {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return { kind: 'invalid', reason: 'it is not a JSON object' };
  const known = compiledSchemas.get(schema);
  if (known !== undefined) return known;
  let compiled: Compiled;
  try {
    const validator = z.fromJSONSchema(withoutPatterns(schema) as Parameters<typeof z.fromJSONSchema>[0]);
    validator.safeParse(null);
    compiled = { kind: 'compiled', validator };
  } catch (error) {
    compiled = { kind: 'invalid', reason: error instanceof RangeError ? 'it refers to itself without end' : error instanceof Error ? error.message : String(error) };
  }
  compiledSchemas.set(schema, compiled);
  return compiled;
}

/** A copy of a schema without its regular expressions. */
function withoutPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPatterns);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).flatMap(([key, value]) => (key === 'pattern' || key === 'patternProperties' ? [] : [[key, withoutPatterns(value)]])));
}

/**
 * Why a text does not conform to the schema (not JSON, or the first
 * mismatch with its path), or undefined when it does.
 *
 * @example
 * conformanceProblem('{"city": 1}', { schema: { type: 'object', properties: { city: { type: 'string' } } }, name: undefined })
 * // 'at city: Invalid input: expected string, received number'
 */
export function conformanceProblem(text: string, output: OutputSchema): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `it is not JSON: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`;
  }
  const compiled = compileOutputSchema(output.schema);
  if (compiled.kind === 'invalid') return `the schema cannot be read (${compiled.reason})`;
  let issues: readonly z.core.$ZodIssue[];
  try {
    issues = compiled.validator.safeParse(value).error?.issues ?? [];
  } catch (error) {
    return `the schema cannot be read (${error instanceof RangeError ? 'it refers to itself without end' : String(error)})`;
  }
  const [issue] = issues;
  if (issue === undefined) return undefined;
  return `${issue.path.length === 0 ? 'at the top level' : `at ${issue.path.join('.')}`}: ${issue.message}`;
}

/**
 * A small JSON value that conforms to the schema: every property (required
 * or not), the first `enum` value or the `const`, the smallest number and
 * length allowed, the first branch of `anyOf`/`oneOf`. Deterministic: the
 * same schema, the same answer.
 *
 * @example
 * exampleFor({ type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city'] })
 * // { city: 'string', days: 1 }
 */
export function exampleFor(schema: unknown): unknown {
  return build(schema, 0, { left: maxExampleNodes });
}

/** At most this many values are made up for one answer: lists inside lists must not multiply without bound. */
const maxExampleNodes = 1000;

function build(schema: unknown, depth: number, budget: { left: number }): unknown {
  budget.left -= 1;
  if (schema === null || typeof schema !== 'object' || depth > 16 || budget.left < 0) return null;
  const node = schema as Record<string, unknown>;
  if ('const' in node) return node['const'];
  if (Array.isArray(node['enum'])) return node['enum'][0] ?? null;
  for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[branch];
    if (Array.isArray(options) && options.length > 0) return build(options[0], depth + 1, budget);
  }
  const types: unknown[] = Array.isArray(node['type']) ? node['type'] : [node['type']];
  const type = types.find((candidate) => candidate !== 'null') ?? types[0];
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries((node['properties'] as Record<string, unknown> | undefined) ?? {}).map(([name, property]) => [name, build(property, depth + 1, budget)]));
    case 'array': {
      const count = typeof node['minItems'] === 'number' ? Math.min(node['minItems'], 8) : 1;
      return Array.from({ length: count }, () => build(node['items'], depth + 1, budget));
    }
    case 'string':
      return exampleString(node);
    case 'integer':
    case 'number': {
      const minimum = typeof node['minimum'] === 'number' ? node['minimum'] : typeof node['exclusiveMinimum'] === 'number' ? node['exclusiveMinimum'] + 1 : 0;
      return type === 'integer' ? Math.ceil(minimum) : minimum;
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}

const formatExamples: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function exampleString(node: Record<string, unknown>): string {
  const format = typeof node['format'] === 'string' ? formatExamples[node['format']] : undefined;
  if (format !== undefined) return format;
  const minLength = typeof node['minLength'] === 'number' ? node['minLength'] : 0;
  const maxLength = typeof node['maxLength'] === 'number' ? node['maxLength'] : Number.POSITIVE_INFINITY;
  const text = 'string'.padEnd(minLength, 's');
  return text.slice(0, Math.max(minLength, Math.min(text.length, maxLength)));
}
