import type { z } from 'zod';
import { malformedInput } from '../../../core/errors/bedrock-exception.ts';
import { validateWithin } from '../../../core/errors/validate-within.ts';
import { expandUnionIssues, formatValidationIssue } from './format-validation-issue.ts';

/**
 * Checks a family's InvokeModel body against its schema, or throws Bedrock's
 * `Malformed input request: …` ValidationException naming the first wrong field.
 *
 * @example
 * const llama = checkBody(llamaSchema, body);
 */
export function checkBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = validateWithin(() => schema.safeParse(body));
  if (!result.success) {
    const [first] = expandUnionIssues(result.error.issues);
    throw malformedInput(first === undefined ? '#: invalid body' : formatValidationIssue(first, body));
  }
  return result.data;
}
