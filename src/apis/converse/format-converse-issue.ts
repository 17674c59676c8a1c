import type { z } from 'zod';
import { valueAt } from '../invoke-model/format/format-validation-issue.ts';

/**
 * Formats zod issues the way Bedrock's service layer reports Converse
 * constraint failures: `1 validation error detected: Value '2' at
 * 'inferenceConfig.temperature' failed to satisfy constraint: Member must have
 * value less than or equal to 1`, list members as `messages.1.member.role`
 * (1-based, the AWS service convention).
 *
 * @example
 * formatConverseIssues(result.error.issues, body)
 */
export function formatConverseIssues(issues: readonly z.core.$ZodIssue[], body: unknown): string {
  const details = issues.map((issue) => {
    // A map key that breaks its constraint is reported on the map, as the service layer does.
    if (issue.code === 'invalid_key') {
      const mapPath = issue.path.slice(0, -1);
      const [keyIssue] = issue.issues;
      return `Value ${showValue(valueAt(body, mapPath))} at '${servicePath(mapPath)}' failed to satisfy constraint: Map keys must satisfy constraint: [Member must ${keyIssue === undefined ? 'be valid' : constraint(keyIssue)}]`;
    }
    return `Value ${showValue(valueAt(body, issue.path))} at '${servicePath(issue.path)}' failed to satisfy constraint: Member must ${constraint(issue)}`;
  });
  const count = details.length === 1 ? '1 validation error detected' : `${details.length} validation errors detected`;
  return `${count}: ${details.join('; ')}`;
}

/** `['messages', 0, 'role']` → `messages.1.member.role`. */
export function servicePath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `${key + 1}.member` : String(key))).join('.');
}

function constraint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'not be null' : `be ${typeName(issue.expected)}`;
    case 'invalid_value':
      return `satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `have value greater than or equal to ${String(issue.minimum)}`
        : `have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `have value less than or equal to ${String(issue.maximum)}`
        : `have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue ? `satisfy regular expression pattern: ${String(issue.pattern).replace(/^\/|\/[a-z]*$/g, '')}` : issue.message;
    default:
      return issue.message;
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = { string: 'a string', number: 'a number', int: 'an integer', boolean: 'a boolean', object: 'an object', array: 'a list', record: 'an object' };
  return names[expected] ?? expected;
}

function showValue(value: unknown): string {
  if (value === undefined) return 'null';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}
