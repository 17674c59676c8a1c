import { BedrockException, malformedInput } from '../../core/errors/bedrock-exception.ts';
import { refuseDeepNesting } from '../../core/fixtures/json-depth.ts';
import { largeTextCharacters, nextTurn } from './work-in-turns.ts';

/** Bedrock's InvokeModel body limit (`Body`, docs/protocol/transport.md#body-size-limits). */
export const maxBodyBytes = 25_000_000;

const tooLarge = (): BedrockException => new BedrockException('ValidationException', `The request body is larger than ${maxBodyBytes} bytes, Bedrock's limit.`);

/**
 * Parses a request body as JSON whatever its `Content-Type` (botocore sends
 * none on InvokeModel, docs/protocol/transport.md#request-headers). Throws a `ValidationException` that
 * says where the JSON breaks, or that the body is over Bedrock's size limit
 * (refused before it is read when its `Content-Length` says so).
 *
 * @example
 * const body = await readJsonBody(c.req.raw, headers['content-length']);
 */
export async function readJsonBody(request: Request, contentLength: string | undefined): Promise<unknown> {
  if (Number(contentLength ?? 0) > maxBodyBytes) throw tooLarge();
  // A large body (or one of unknown length) is decoded as it arrives, a chunk at a time. Its length
  // is asked first: reading `request.body` makes the node adapter build the whole web Request (a
  // stream, a signal, headers), which a small call with a length never needs.
  if ((contentLength === undefined || Number(contentLength) > largeTextCharacters) && request.body !== null) {
    const text = await readLargeText(request.body);
    return text.length > largeTextCharacters ? parseLargeJsonText(text) : parseJsonText(text);
  }
  const text = await request.text();
  // A character is 1 to 3 UTF-8 bytes: only a long text needs counting.
  if (text.length * 3 > maxBodyBytes && utf8Length(text) > maxBodyBytes) throw tooLarge();
  return parseJsonText(text);
}

/**
 * A body's text, decoded chunk by chunk as it arrives (each chunk in the
 * turn it arrives in), and refused as soon as it passes Bedrock's limit,
 * without reading the rest.
 */
async function readLargeText(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBodyBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  // Joining the parts is the one pass over the whole body: a turn of its own.
  if (bytes > largeTextCharacters) await nextTurn();
  return parts.join('');
}

/**
 * A body's bytes as JSON, or the ValidationException that says where it
 * breaks; a large body is worked through as `readJsonBody` works through it.
 *
 * @example
 * const body = await parseJsonBytes(bytes);
 */
export async function parseJsonBytes(bytes: Uint8Array): Promise<unknown> {
  if (bytes.length <= largeTextCharacters) return parseJsonText(new TextDecoder().decode(bytes));
  // Reading the body ended with copies of it: decoding it is a pass of its own.
  await nextTurn();
  return parseLargeJsonText(new TextDecoder().decode(bytes));
}

/**
 * A large body's text as JSON, with a turn of the event loop before,
 * between and after its passes (the nesting check, the parse), so that
 * other requests are served while a 20 MB body is read.
 */
async function parseLargeJsonText(text: string): Promise<unknown> {
  await nextTurn();
  refuseEmptyOrDeep(text);
  await nextTurn();
  const json = parseJsonText(text, false);
  // What reads the body next (its API's parser, a guardrail) starts a slice of its own.
  await nextTurn();
  return json;
}

/**
 * How many bytes a text takes in UTF-8, counted without encoding it (a lone
 * surrogate counts as the 3 bytes of the U+FFFD it is encoded as).
 *
 * @example
 * utf8Length('héllo 👋') // 11
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // A surrogate pair is 4 bytes for 2 units; the rest of the BMP past U+07FF is 3 bytes, past U+007F 2.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      index += 1;
    } else if (code > 0x7ff) bytes += 2;
    else if (code > 0x7f) bytes += 1;
  }
  return bytes;
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

/** A body's text as JSON, or the ValidationException that says where it breaks. */
function parseJsonText(text: string, check = true): unknown {
  if (check) refuseEmptyOrDeep(text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedInput(`#: the request body is not valid JSON (${(error as Error).message})`);
  }
}

function refuseEmptyOrDeep(text: string): void {
  if (text.trim() === '') throw malformedInput('#: the request body is empty; expected a JSON object');
  refuseDeepNesting(text);
}

