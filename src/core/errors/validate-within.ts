import { BedrockException } from './bedrock-exception.ts';

/**
 * Runs a request's schema validation; a body whose invalid values are too
 * many to list (the validator's own recursion gives out: a million bad
 * blocks) gets a ValidationException saying so, not a 500.
 *
 * @example
 * const result = validateWithin(() => schema.safeParse(body));
 */
export function validateWithin<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof RangeError) throw new BedrockException('ValidationException', 'The request has more invalid values than can be listed; check the shape of its content blocks.');
    throw error;
  }
}
