import { cookieFault, headerFault, isFinalStatus } from './sendable-metadata.ts';

/** The content type with which a handler's stream starts with a JSON prelude (`HttpResponseStream.from`). */
export const integrationContentType = 'application/vnd.awslambda.http-integration-response';

/** Status, headers and cookies of an HTTP answer, from a prelude or a classic result. */
export type ResponseMetadata = {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly string[];
};

export type PreludeState =
  /** Not yet: feed more bytes. */
  | { readonly kind: 'need-more' }
  /** `text`: the prelude as written, for front doors that read other fields (API Gateway's `multiValueHeaders`). */
  | { readonly kind: 'prelude'; readonly metadata: ResponseMetadata; readonly text: string; readonly rest: Uint8Array }
  /** The stream ended before the 8-NUL delimiter: `bytes` is what it held (none for a bare `end()`). */
  | { readonly kind: 'no-prelude'; readonly bytes: Uint8Array }
  | { readonly kind: 'invalid'; readonly reason: string };

const delimiterLength = 8;
/** The prelude must arrive within the first 16 KB (API Gateway's documented bound; Lambda's: UNCONFIRMED). */
export const maxPreludeBytes = 16 * 1024;

const textDecoder = new TextDecoder();

/**
 * Reads a streamed response up to its first run of 8 NUL bytes and parses
 * what comes before as the metadata `{statusCode, headers, cookies}`
 * (docs/protocol/lambda-streaming.md#streamed-response-mapping). Feed it the chunks as they come; `end()` when the stream
 * ends before a delimiter. Pure: no streams, no buffers of Node's.
 *
 * @example
 * const splitter = createPreludeSplitter();
 * splitter.feed(chunk) // { kind: 'prelude', metadata, rest } once the delimiter is in
 */
export function createPreludeSplitter() {
  let buffered = new Uint8Array(0);
  return {
    feed(chunk: Uint8Array): PreludeState {
      const joined = new Uint8Array(buffered.length + chunk.length);
      joined.set(buffered);
      joined.set(chunk, buffered.length);
      buffered = joined;
      const at = indexOfDelimiter(buffered);
      if (at !== -1) {
        const text = textDecoder.decode(buffered.subarray(0, at));
        const parsed = parseMetadata(text);
        return 'reason' in parsed ? { kind: 'invalid', reason: parsed.reason } : { kind: 'prelude', metadata: parsed, text, rest: buffered.subarray(at + delimiterLength) };
      }
      if (buffered.length > maxPreludeBytes) return { kind: 'invalid', reason: `no 8-NUL delimiter within the first ${maxPreludeBytes} bytes` };
      return { kind: 'need-more' };
    },
    end: (): PreludeState => ({ kind: 'no-prelude', bytes: buffered }),
  };
}

/**
 * The index of the first run of 8 NUL bytes, or -1.
 *
 * @example
 * indexOfDelimiter(new Uint8Array([123, 125, 0, 0, 0, 0, 0, 0, 0, 0])) // 2
 */
export function indexOfDelimiter(bytes: Uint8Array): number {
  let run = 0;
  for (let index = 0; index < bytes.length; index++) {
    run = bytes[index] === 0 ? run + 1 : 0;
    if (run === delimiterLength) return index - delimiterLength + 1;
  }
  return -1;
}

/**
 * Parses response metadata JSON: `statusCode` (default 200), `headers`,
 * `cookies`. Used for the streaming prelude and for buffered results.
 *
 * @example
 * parseMetadata('{"statusCode":201,"headers":{"X-A":"1"}}') // { statusCode: 201, headers: { 'X-A': '1' }, cookies: [] }
 */
export function parseMetadata(text: string): ResponseMetadata | { readonly reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `the prelude is not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'the prelude is not a JSON object' };
  const metadata = value as { statusCode?: unknown; headers?: unknown; cookies?: unknown };
  const statusCode = typeof metadata.statusCode === 'number' ? metadata.statusCode : 200;
  // What no HTTP response can carry is the function's error (502), never a hang.
  if (!isFinalStatus(statusCode)) return { reason: `statusCode ${String(statusCode)} is not a final HTTP status (200 to 599)` };
  const headers = typeof metadata.headers === 'object' && metadata.headers !== null ? Object.fromEntries(Object.entries(metadata.headers).map(([name, header]) => [name, String(header)])) : {};
  const cookies = Array.isArray(metadata.cookies) ? metadata.cookies.map(String) : [];
  const fault = Object.entries(headers).map(([name, value]) => headerFault(name, value)).find((reason) => reason !== undefined) ?? cookies.map(cookieFault).find((reason) => reason !== undefined);
  if (fault !== undefined) return { reason: fault };
  return { statusCode, headers, cookies };
}
