import type { z } from 'zod';

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
  switch (issue.code) {
    case 'invalid_type': {
      const parentPath = issue.path.slice(0, -1);
      const key = issue.path.at(-1);
      if (issue.input === undefined && key !== undefined && !hasKey(valueAt(body, parentPath), key)) {
        return `${toPointer(parentPath)}: required key [${String(key)}] not found`;
      }
      return `${pointer}: expected type: ${typeName(issue.expected)}, found: ${jsonTypeOf(valueAt(body, issue.path))}`;
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

/**
 * Replaces each union failure by the issues of the branch that got past the
 * type check (an array given where a string or an array is allowed is judged
 * as an array), so the message points at the field inside that is wrong.
 *
 * @example
 * expandUnionIssues(result.error.issues)
 */
export function expandUnionIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const branch = issue.errors.find((inner) => !inner.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (branch === undefined) return [issue];
    return expandUnionIssues(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

/** A JSON pointer in everit's style: `#`, `#/messages/0/role`. */
export function toPointer(path: readonly PropertyKey[]): string {
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

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
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
