import { BedrockException, malformedInput } from '../errors/bedrock-exception.ts';
import { jsonDepth, maxJsonDepth } from '../fixture-format/json-depth.ts';
import { largeTextCharacters, nextTurn } from './work-in-turns.ts';

/** Bedrock's InvokeModel body limit (`Body`, REFERENCE §1.2). */
export const maxBodyBytes = 25_000_000;

const tooLarge = (): BedrockException => new BedrockException('ValidationException', `The request body is larger than ${maxBodyBytes} bytes, Bedrock's limit.`);

/**
 * Parses a request body as JSON whatever its `Content-Type` (botocore sends
 * none on InvokeModel, REFERENCE §2.5). Throws a `ValidationException` that
 * says where the JSON breaks, or that the body is over Bedrock's size limit
 * (refused before it is read when its `Content-Length` says so).
 *
 * @example
 * const body = await readJsonBody(c.req.raw, headers['content-length']);
 */
export async function readJsonBody(request: Request, contentLength: string | undefined): Promise<unknown> {
  return parseJsonBytes(await readBodyBytes(request, contentLength));
}

/**
 * A body's bytes as JSON, or the ValidationException that says where it
 * breaks. A large body is decoded, checked and parsed with a turn of the
 * event loop between those passes (and after the last), so that other
 * requests are served while a 20 MB body is read.
 *
 * @example
 * const body = await parseJsonBytes(bytes);
 */
export async function parseJsonBytes(bytes: Uint8Array): Promise<unknown> {
  const text = new TextDecoder().decode(bytes);
  const large = text.length > largeTextCharacters;
  if (large) await nextTurn();
  refuseEmptyOrDeep(text);
  if (large) await nextTurn();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedInput(`#: the request body is not valid JSON (${(error as Error).message})`);
  }
  // What reads the body next (its API's parser, a guardrail) starts a slice of its own.
  if (large) await nextTurn();
  return json;
}

/**
 * Reads a body's bytes (for a route that needs them as sent, to check a
 * signature) within Bedrock's size limit.
 */
export async function readBodyBytes(request: Request, contentLength: string | undefined): Promise<Uint8Array> {
  if (Number(contentLength ?? 0) > maxBodyBytes) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > maxBodyBytes) throw tooLarge();
  return bytes;
}

function refuseEmptyOrDeep(text: string): void {
  if (text.trim() === '') throw malformedInput('#: the request body is empty; expected a JSON object');
  refuseDeepNesting(text);
}

/** A body nested past `maxJsonDepth` is refused before anything recursive reads it. */
export function refuseDeepNesting(text: string): void {
  if (jsonDepth(text) > maxJsonDepth) throw malformedInput(`#: the request body nests deeper than ${maxJsonDepth} levels`);
}
