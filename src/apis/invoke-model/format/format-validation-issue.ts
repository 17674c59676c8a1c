import type { z } from 'zod';
export { expandUnionIssues } from '../../../core/fixtures/format-schema-issue.ts';

/**
 * Formats a zod issue the way Bedrock reports a body that fails its JSON
 * schema (Bedrock uses the everit validator), e.g.
 * `#: required key [max_tokens] not found` or
 * `#/max_tokens: expected type: Integer, found: String`.
 * `body` is the whole request body, to tell a missing key from a wrong value.
 *
 * @example
 * formatValidationIssue(issue, body) // '#/messages/0/role: robot is not a valid enum value'
 */
export function formatValidationIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const pointer = toPointer(issue.path);
  const parentPath = issue.path.slice(0, -1);
  const key = issue.path.at(-1);
  if (key !== undefined && valueAt(body, issue.path) === undefined && !hasKey(valueAt(body, parentPath), key)) {
    return `${toPointer(parentPath)}: required key [${String(key)}] not found`;
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.message === integerMarker ? 'int' : issue.expected;
      return `${pointer}: expected type: ${typeName(expected)}, found: ${jsonTypeOf(valueAt(body, issue.path))}`;
    }
    case 'invalid_value':
      return `${pointer}: ${String(valueAt(body, issue.path))} is not a valid enum value`;
    case 'too_small':
      if (issue.origin === 'array') return `${pointer}: expected minimum item count: ${String(issue.minimum)}, found: ${String(lengthAt(body, issue.path))}`;
      if (issue.origin === 'string') return `${pointer}: expected minLength: ${String(issue.minimum)}, actual: ${String(lengthAt(body, issue.path))}`;
      return `${pointer}: ${String(valueAt(body, issue.path))} is not greater or equal to ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `${pointer}: expected maximum item count: ${String(issue.maximum)}, found: ${String(lengthAt(body, issue.path))}`;
      return `${pointer}: ${String(valueAt(body, issue.path))} is not less or equal to ${String(issue.maximum)}`;
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [typeName(inner.expected)] : [])));
      return `${pointer}: expected type: ${[...new Set(expected)].join(' or ')}, found: ${jsonTypeOf(valueAt(body, issue.path))}`;
    }
    default:
      return `${pointer}: ${issue.message}`;
  }
}

/** The message integer fields give a type mismatch (see `integer()` in a request schema). */
export const integerMarker = 'Integer';

/** A JSON pointer in everit's style: `#`, `#/messages/0/role`. */
function toPointer(path: readonly PropertyKey[]): string {
  return ['#', ...path.map(String)].join('/');
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'String',
    number: 'Number',
    int: 'Integer',
    boolean: 'Boolean',
    object: 'JSONObject',
    array: 'JSONArray',
  };
  return names[expected] ?? expected;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  const names: Record<string, string> = { string: 'String', boolean: 'Boolean', object: 'JSONObject' };
  return names[typeof value] ?? typeof value;
}

/** The value at a path in a parsed JSON body, or undefined. */
export function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function hasKey(container: unknown, key: PropertyKey): boolean {
  return container !== null && typeof container === 'object' && Object.hasOwn(container, key);
}

function lengthAt(body: unknown, path: readonly PropertyKey[]): number {
  const value = valueAt(body, path);
  return Array.isArray(value) || typeof value === 'string' ? value.length : 0;
}
