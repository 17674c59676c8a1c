import { BedrockException } from '../../core/errors/bedrock-exception.ts';

/** A key pair the emulator accepts, as IAM would hold it. */
export type SigV4Credential = {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials: the request must carry this token (`X-Amz-Security-Token`). */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working. */
  readonly expiresAt?: Date | undefined;
};

/** The parts of a request a signature covers, as they arrived. */
export type SignedRequest = {
  readonly method: string;
  /** The path as sent, percent-encoding kept (`/model/anthropic.claude…%3A0/invoke`). */
  readonly rawPath: string;
  /** The query string as sent, without `?` (empty when none). */
  readonly rawQuery: string;
  /** Header value by lower-case name; `:authority` (HTTP/2) and `host` are both the authority the request went to. */
  header(name: string): string | undefined;
  readonly body: Uint8Array;
};

/** The region signatures must name, and the signing names the endpoint answers to (the first is the one errors name). */
export type SigV4Scope = { readonly region: string; readonly services: readonly [string, ...string[]] };

type SigV4Verdict = { readonly ok: true; readonly credential: SigV4Credential; readonly region: string } | { readonly ok: false; readonly exception: BedrockException };

/** How far a request's date may be from the service's clock (AWS: 5 minutes). */
export const maxClockSkewMs = 5 * 60 * 1000;

const algorithm = 'AWS4-HMAC-SHA256';

/**
 * Checks an `Authorization: AWS4-HMAC-SHA256 …` request the way AWS does:
 * the key is known, a session token matches and is current, the date is within
 * five minutes, the scope names this region and service on the date signed,
 * `host` is signed, and the signature over the canonical request (path
 * escaped twice, sorted query and headers, the body's SHA-256) matches.
 * Each failure is the exception AWS answers with, in its words.
 *
 * @example
 * const verdict = await verifySigV4(request, (id) => keys.get(id), { region: 'us-east-1', services: ['bedrock'] }, new Date(epochMsOf(clock)));
 */
export async function verifySigV4(request: SignedRequest, findCredential: (accessKeyId: string) => SigV4Credential | undefined, scope: SigV4Scope, now: Date): Promise<SigV4Verdict> {
  const fail = (exception: BedrockException): SigV4Verdict => ({ ok: false, exception });
  const authorization = request.header('authorization') ?? '';
  const parts = parseAuthorization(authorization);
  if (parts.missing.length > 0) {
    return fail(new BedrockException('IncompleteSignatureException', `${parts.missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${algorithm}`));
  }
  const [accessKeyId = '', scopeDate = '', scopeRegion = '', scopeService = '', terminator = ''] = parts.credential.split('/');
  const credential = findCredential(accessKeyId);
  if (credential === undefined) return fail(new BedrockException('UnrecognizedClientException', 'The security token included in the request is invalid.'));
  const token = request.header('x-amz-security-token');
  if (!equalInConstantTime(credential.sessionToken ?? '', token ?? '') || (credential.sessionToken === undefined) !== (token === undefined)) return fail(new BedrockException('UnrecognizedClientException', 'The security token included in the request is invalid.'));
  if (credential.expiresAt !== undefined && credential.expiresAt.getTime() <= now.getTime()) {
    return fail(new BedrockException('ExpiredTokenException', 'The security token included in the request is expired'));
  }

  const amzDate = request.header('x-amz-date');
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    return fail(new BedrockException('IncompleteSignatureException', "Authorization header requires existence of a 'X-Amz-Date' header (in ISO 8601 basic format, e.g. 20261126T031500Z)."));
  }
  if (signedAt.getTime() < now.getTime() - maxClockSkewMs) {
    return fail(new BedrockException('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - maxClockSkewMs))} (${formatAmzDate(now)} - 5 min.)`));
  }
  if (signedAt.getTime() > now.getTime() + maxClockSkewMs) {
    return fail(new BedrockException('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now.getTime() + maxClockSkewMs))} (${formatAmzDate(now)} + 5 min.)`));
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    return fail(new BedrockException('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`));
  }
  if (scopeRegion !== scope.region) return fail(new BedrockException('InvalidSignatureException', `Credential should be scoped to a valid region, not '${scopeRegion}'. `));
  if (!scope.services.includes(scopeService)) return fail(new BedrockException('InvalidSignatureException', `Credential should be scoped to correct service: '${scope.services[0]}'. `));
  if (terminator !== 'aws4_request') return fail(new BedrockException('InvalidSignatureException', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `));

  const signedHeaders = parts.signedHeaders.split(';');
  // The AWS SDK signs HTTP/2's `:authority` pseudo-header in place of `host`.
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) return fail(new BedrockException('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));

  const payloadHash = toHex(await crypto.subtle.digest('SHA-256', request.body));
  const claimedHash = request.header('x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== payloadHash) {
    return fail(new BedrockException('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.'));
  }
  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery),
    ...signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.header(name) ?? '')}`),
    '',
    parts.signedHeaders,
    payloadHash,
  ].join('\n');
  const credentialScope = `${scopeDate}/${scopeRegion}/${scopeService}/aws4_request`;
  const stringToSign = [algorithm, amzDate, credentialScope, toHex(await crypto.subtle.digest('SHA-256', utf8(canonicalRequest)))].join('\n');
  let key: ArrayBuffer = utf8(`AWS4${credential.secretAccessKey}`).buffer;
  for (const step of [scopeDate, scopeRegion, scopeService, 'aws4_request']) key = await hmac(key, step);
  const expected = toHex(await hmac(key, stringToSign));
  if (!equalInConstantTime(expected, parts.signature)) return fail(new BedrockException('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'));
  return { ok: true, credential, region: scopeRegion };
}

/** `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` into its parts, and the parts missing. */
function parseAuthorization(value: string): { credential: string; signedHeaders: string; signature: string; missing: string[] } {
  const fields = new Map<string, string>();
  const rest = value.startsWith(`${algorithm} `) ? value.slice(algorithm.length + 1) : '';
  for (const field of rest.split(',')) {
    const equals = field.indexOf('=');
    if (equals > 0) fields.set(field.slice(0, equals).trim(), field.slice(equals + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => (fields.get(name) ?? '') === '');
  return { credential: fields.get('Credential') ?? '', signedHeaders: fields.get('SignedHeaders') ?? '', signature: fields.get('Signature') ?? '', missing };
}

/** `20261126T031500Z` as a date, or `undefined` when it is not one. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
  // Date.UTC rolls an impossible field over (month 13, second 60): only a date that reads back the same is one.
  return Number.isNaN(date.getTime()) || formatAmzDate(date) !== text ? undefined : date;
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** AWS's extra escaping on top of `encodeURIComponent`. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path with `.` and `..` resolved, escaped once more (every service but S3 signs it so), slashes kept. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

/** Query parameters decoded, sorted by name (then value), each escaped: `a=1&b=x%20y`. */
function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      // A malformed escape is kept as sent: the signature then simply does not match.
      const decode = (text: string): string => {
        try {
          return decodeURIComponent(text.replace(/\+/g, ' '));
        } catch {
          return text;
        }
      };
      return equals === -1 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
    })
    .filter(([name]) => name?.toLowerCase() !== 'x-amz-signature')
    .map(([name = '', value = '']) => [escapeUri(name), escapeUri(value)] as const);
  pairs.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

const encoder = new TextEncoder();
function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

async function hmac(key: ArrayBuffer, data: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', imported, utf8(data));
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Compares in time that does not depend on where the texts differ (secrets and signatures). */
export function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}
