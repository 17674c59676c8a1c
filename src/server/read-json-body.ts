import { malformedInput } from '../errors/bedrock-exception.ts';

/**
 * Parses a request body as JSON whatever its `Content-Type` (botocore sends
 * none on InvokeModel, REFERENCE §2.5). Throws a `ValidationException` that
 * says where the JSON breaks.
 *
 * @example
 * const body = await readJsonBody(c.req.raw);
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw malformedInput('#: the request body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedInput(`#: the request body is not valid JSON (${(error as Error).message})`);
  }
}
