import type { Readable } from 'node:stream';

/** The content type with which a handler's stream starts with a JSON prelude (`HttpResponseStream.from`). */
export const integrationContentType = 'application/vnd.awslambda.http-integration-response';

export type ResponseMetadata = {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
};

export type SplitPrelude =
  | { readonly kind: 'prelude'; readonly metadata: ResponseMetadata; readonly rest: Buffer }
  /** The stream ended before the 8-NUL delimiter: `bytes` is what it held (none for a bare `end()`). */
  | { readonly kind: 'no-prelude'; readonly bytes: Buffer }
  | { readonly kind: 'invalid'; readonly reason: string };

const delimiter = Buffer.alloc(8);
/** The prelude must arrive within the first 16 KB (API Gateway's documented bound; Lambda's: UNCONFIRMED). */
const maxPreludeBytes = 16 * 1024;

/**
 * Reads a stream up to the first run of 8 NUL bytes and parses what comes
 * before as the response metadata `{statusCode, headers, cookies}`
 * (REFERENCE §7.3). What follows the delimiter is returned as `rest`; the
 * caller keeps reading the stream after it.
 *
 * @example
 * const split = await splitPrelude(output.body);
 */
export async function splitPrelude(body: Readable): Promise<SplitPrelude> {
  let buffered = Buffer.alloc(0);
  // Leaving the loop early must not destroy the stream: the caller reads the rest.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    buffered = Buffer.concat([buffered, chunk as Buffer]);
    const at = buffered.indexOf(delimiter);
    if (at !== -1) {
      const parsed = parseMetadata(buffered.subarray(0, at).toString('utf8'));
      return 'reason' in parsed ? { kind: 'invalid', reason: parsed.reason } : { kind: 'prelude', metadata: parsed, rest: buffered.subarray(at + delimiter.length) };
    }
    if (buffered.length > maxPreludeBytes) return { kind: 'invalid', reason: `no 8-NUL delimiter within the first ${maxPreludeBytes} bytes` };
  }
  return { kind: 'no-prelude', bytes: buffered };
}

/**
 * Parses response metadata JSON: `statusCode` (default 200), `headers`,
 * `cookies`. Used for the streaming prelude and for buffered results.
 */
export function parseMetadata(text: string): ResponseMetadata | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `the prelude is not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'the prelude is not a JSON object' };
  const metadata = value as { statusCode?: unknown; headers?: unknown; cookies?: unknown };
  const statusCode = typeof metadata.statusCode === 'number' ? metadata.statusCode : 200;
  const headers = typeof metadata.headers === 'object' && metadata.headers !== null ? Object.fromEntries(Object.entries(metadata.headers).map(([name, header]) => [name, String(header)])) : {};
  const cookies = Array.isArray(metadata.cookies) ? metadata.cookies.map(String) : [];
  return { statusCode, headers, cookies };
}
