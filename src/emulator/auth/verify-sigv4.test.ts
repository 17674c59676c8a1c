import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { equalInConstantTime, formatAmzDate, maxClockSkewMs, verifySigV4, type SigV4Credential, type SigV4Scope, type SignedRequest } from './verify-sigv4.ts';

const alice: SigV4Credential = { accessKeyId: 'AKIAALICEEXAMPLE', secretAccessKey: 'alice-secret-0123456789' };
const temporary: SigV4Credential = { accessKeyId: 'ASIATEMPEXAMPLE', secretAccessKey: 'temp-secret', sessionToken: 'session-token-1' };
const keys = new Map([alice, temporary].map((credential) => [credential.accessKeyId, credential]));
const findKey = (accessKeyId: string): SigV4Credential | undefined => keys.get(accessKeyId);
const bedrock: SigV4Scope = { region: 'us-east-1', services: ['bedrock'] };

const signedAt = new Date('2026-11-26T03:15:00Z');
/** The path as the AWS SDK sends it: the model id's `:` escaped once. */
const invokePath = '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke';
const body = new TextEncoder().encode('{"anthropic_version":"bedrock-2023-05-31","max_tokens":16,"messages":[{"role":"user","content":"hello"}]}');

/** A credential as the SDK's signer takes it (no `sessionToken: undefined`). */
function asIdentity({ accessKeyId, secretAccessKey, sessionToken }: SigV4Credential): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

type Sent = { method: string; rawPath: string; rawQuery: string; headers: Record<string, string>; body: Uint8Array };

/** Signs a request with the AWS SDK's own signer, as a client would, and returns it as sent. */
async function signed(options: {
  credentials?: SigV4Credential;
  region?: string;
  service?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  applyChecksum?: boolean;
  date?: Date;
}): Promise<Sent> {
  const { credentials = alice, region = 'us-east-1', service = 'bedrock', path = invokePath, query = {}, headers = { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json' }, applyChecksum = true } = options;
  const signer = new SignatureV4({ service, region, credentials: asIdentity(credentials), sha256: Hash.bind(null, 'sha256'), applyChecksum });
  const request = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path, query, headers, body: options.body ?? body }), {
    signingDate: options.date ?? signedAt,
  });
  const rawQuery = Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return { method: 'POST', rawPath: path, rawQuery, headers: request.headers, body: options.body ?? body };
}

/** The request as the verifier reads it: headers by lower-case name. */
function asSignedRequest(sent: Sent): SignedRequest {
  const headers = new Map(Object.entries(sent.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: sent.method, rawPath: sent.rawPath, rawQuery: sent.rawQuery, header: (name) => headers.get(name), body: sent.body };
}

async function verify(sent: Sent, options: { now?: Date; scope?: SigV4Scope; find?: (id: string) => SigV4Credential | undefined } = {}) {
  return verifySigV4(asSignedRequest(sent), options.find ?? findKey, options.scope ?? bedrock, options.now ?? signedAt);
}

/** The verdict's exception as `{ name, status, message }`, or `ok`. */
async function outcome(sent: Sent, options?: Parameters<typeof verify>[1]): Promise<'ok' | { name: string; status: number; message: string }> {
  const verdict = await verify(sent, options);
  return verdict.ok ? 'ok' : { name: verdict.exception.name, status: verdict.exception.status, message: verdict.exception.message };
}

const signatureMismatch = {
  name: 'InvalidSignatureException',
  status: 403,
  message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
};
const invalidToken = { name: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' };

/** Rewrites one field of the Authorization header (`Credential`, `SignedHeaders`, `Signature`). */
function withAuthorization(sent: Sent, rewrite: (authorization: string) => string): Sent {
  return { ...sent, headers: { ...sent.headers, authorization: rewrite(sent.headers.authorization ?? '') } };
}

describe('verifySigV4 with the AWS SDK signer', () => {
  it('accepts a request signed with a known key, and says which key and region', async () => {
    const verdict = await verify(await signed({}));
    expect(verdict).toEqual({ ok: true, credential: alice, region: 'us-east-1' });
  });

  it('accepts a botocore-style signature (no x-amz-content-sha256), the body hashed all the same', async () => {
    const sent = await signed({ applyChecksum: false });
    expect(sent.headers['x-amz-content-sha256']).toBeUndefined();
    expect(await outcome(sent)).toBe('ok');
    expect(await outcome({ ...sent, body: new TextEncoder().encode('{"tampered":true}') })).toEqual(signatureMismatch);
  });

  it('refuses a signature made with the wrong secret', async () => {
    const sent = await signed({ credentials: { accessKeyId: alice.accessKeyId, secretAccessKey: 'not-alices-secret' } });
    expect(await outcome(sent)).toEqual(signatureMismatch);
  });

  it('refuses an access key it does not know, before looking at the signature', async () => {
    const sent = await signed({ credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'whatever' } });
    expect(await outcome(sent)).toEqual(invalidToken);
  });

  it('refuses a body changed after signing: the signed x-amz-content-sha256 no longer matches it', async () => {
    const sent = await signed({});
    expect(await outcome({ ...sent, body: new TextEncoder().encode('{"tampered":true}') })).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    });
  });

  it('ignores a header added after signing (it is not in SignedHeaders), and refuses a signed header changed', async () => {
    const sent = await signed({});
    expect(sent.headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,');
    expect(await outcome({ ...sent, headers: { ...sent.headers, 'x-added-later': 'yes' } })).toBe('ok');
    expect(await outcome({ ...sent, headers: { ...sent.headers, 'content-type': 'text/plain' } })).toEqual(signatureMismatch);
    expect(await outcome({ ...sent, headers: { ...sent.headers, host: 'bedrock-runtime.us-west-2.amazonaws.com' } })).toEqual(signatureMismatch);
  });

  it('reads a signed header value as AWS canonicalizes it: trimmed, inner runs of spaces folded', async () => {
    const sent = await signed({ headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'x-amzn-bedrock-trace': 'ENABLED' } });
    expect(await outcome({ ...sent, headers: { ...sent.headers, 'x-amzn-bedrock-trace': '  ENABLED ' } })).toBe('ok');
  });

  it('verifies the path escaped once more, as every service but S3 signs it, and refuses another path', async () => {
    const sent = await signed({});
    expect(await outcome(sent)).toBe('ok');
    // The same model id unescaped is another canonical path (`:` rather than `%253A`).
    expect(await outcome({ ...sent, rawPath: '/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke' })).toEqual(signatureMismatch);
    expect(await outcome({ ...sent, rawPath: '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse' })).toEqual(signatureMismatch);
  });

  it('resolves `.` and `..` segments before comparing, as the signer does', async () => {
    const sent = await signed({});
    expect(await outcome({ ...sent, rawPath: '/model/x/../anthropic.claude-3-5-haiku-20241022-v1%3A0/./invoke' })).toBe('ok');
  });

  it('verifies a signed query string in any order, with its escapes, and refuses a changed value', async () => {
    const sent = await signed({ query: { b: 'x y', a: '1/2' } });
    expect(sent.rawQuery).toBe('b=x%20y&a=1%2F2');
    expect(await outcome(sent)).toBe('ok');
    expect(await outcome({ ...sent, rawQuery: 'a=1%2F2&b=x+y' })).toBe('ok');
    expect(await outcome({ ...sent, rawQuery: 'a=1%2F2&b=x%20z' })).toEqual(signatureMismatch);
    // A malformed escape is kept as sent: the signature simply does not match.
    expect(await outcome({ ...sent, rawQuery: 'a=%zz&b=x%20y' })).toEqual(signatureMismatch);
  });

  it('accepts HTTP/2’s :authority signed in place of host', async () => {
    const sent = await signed({ headers: { ':authority': 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json' } });
    expect(sent.headers.authorization).toContain('SignedHeaders=:authority;content-type;x-amz-content-sha256;x-amz-date,');
    expect(await outcome(sent)).toBe('ok');
  });
});

describe('verifySigV4: session tokens', () => {
  it('accepts temporary credentials with their token, and says which', async () => {
    const sent = await signed({ credentials: temporary });
    expect(sent.headers['x-amz-security-token']).toBe('session-token-1');
    expect(await verify(sent)).toEqual({ ok: true, credential: temporary, region: 'us-east-1' });
  });

  it('refuses temporary credentials sent without their token', async () => {
    const sent = await signed({ credentials: temporary });
    const { 'x-amz-security-token': _token, ...withoutToken } = sent.headers;
    expect(await outcome({ ...sent, headers: withoutToken })).toEqual(invalidToken);
  });

  it('refuses a token that is not the credential’s', async () => {
    const sent = await signed({ credentials: { ...temporary, sessionToken: 'session-token-2' } });
    expect(await outcome(sent)).toEqual(invalidToken);
  });

  it('refuses a token sent with long-term credentials, which have none', async () => {
    const sent = await signed({ credentials: { ...alice, sessionToken: 'session-token-1' } });
    expect(await outcome(sent)).toEqual(invalidToken);
  });

  it('refuses temporary credentials at and after their expiry, with ExpiredTokenException', async () => {
    const expiring: SigV4Credential = { ...temporary, expiresAt: new Date(signedAt.getTime() + 1000) };
    const sent = await signed({ credentials: expiring });
    const find = (): SigV4Credential => expiring;
    expect(await outcome(sent, { find, now: new Date(signedAt.getTime() + 999) })).toBe('ok');
    const expired = { name: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired' };
    expect(await outcome(sent, { find, now: new Date(signedAt.getTime() + 1000) })).toEqual(expired);
    expect(await outcome(sent, { find, now: new Date(signedAt.getTime() + 60_000) })).toEqual(expired);
  });
});

describe('verifySigV4: the date', () => {
  it('accepts a date up to five minutes either side of the service’s clock', async () => {
    const sent = await signed({});
    expect(maxClockSkewMs).toBe(300_000);
    expect(await outcome(sent, { now: new Date(signedAt.getTime() + maxClockSkewMs) })).toBe('ok');
    expect(await outcome(sent, { now: new Date(signedAt.getTime() - maxClockSkewMs) })).toBe('ok');
  });

  it('refuses a date more than five minutes old, naming both times', async () => {
    const sent = await signed({});
    expect(await outcome(sent, { now: new Date('2026-11-26T03:20:01Z') })).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'Signature expired: 20261126T031500Z is now earlier than 20261126T031501Z (20261126T032001Z - 5 min.)',
    });
  });

  it('refuses a date more than five minutes ahead, naming both times', async () => {
    const sent = await signed({});
    expect(await outcome(sent, { now: new Date('2026-11-26T03:09:59Z') })).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'Signature not yet current: 20261126T031500Z is still later than 20261126T031459Z (20261126T030959Z + 5 min.)',
    });
  });

  it('refuses a request without X-Amz-Date, or with one not in ISO 8601 basic form', async () => {
    const sent = await signed({});
    const missingDate = {
      name: 'IncompleteSignatureException',
      status: 403,
      message: "Authorization header requires existence of a 'X-Amz-Date' header (in ISO 8601 basic format, e.g. 20261126T031500Z).",
    };
    const { 'x-amz-date': _date, ...withoutDate } = sent.headers;
    expect(await outcome({ ...sent, headers: withoutDate })).toEqual(missingDate);
    // A calendar-impossible date is not a date, not another day it would roll over to.
    for (const date of ['2026-11-26T03:15:00Z', '20261126T031500', 'yesterday', '20261340T031500Z', '20261126T031560Z', '20261131T031500Z']) {
      expect(await outcome({ ...sent, headers: { ...sent.headers, 'x-amz-date': date } }), date).toEqual(missingDate);
    }
  });

  it('refuses a credential scope dated another day than X-Amz-Date', async () => {
    const sent = withAuthorization(await signed({}), (authorization) => authorization.replace('/20261126/', '/20261125/'));
    expect(await outcome(sent)).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261125' != '20261126', from '20261126T031500Z'.",
    });
  });

  it('formats a date as X-Amz-Date does', () => {
    expect(formatAmzDate(new Date('2026-11-26T03:15:00.789Z'))).toBe('20261126T031500Z');
  });
});

describe('verifySigV4: the scope', () => {
  it('refuses a signature scoped to another region, naming it', async () => {
    expect(await outcome(await signed({ region: 'eu-west-1' }))).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    });
  });

  it('refuses a signature scoped to another service, naming the one expected', async () => {
    const expected = { name: 'InvalidSignatureException', status: 403, message: "Credential should be scoped to correct service: 'bedrock'. " };
    expect(await outcome(await signed({ service: 'bedrock-runtime' }))).toEqual(expected);
    expect(await outcome(await signed({ service: 'bedrock-mantle' }))).toEqual(expected);
  });

  it('accepts any of the endpoint’s signing names, and names the first when none matches', async () => {
    const mantle: SigV4Scope = { region: 'us-east-1', services: ['bedrock-mantle', 'bedrock'] };
    expect(await outcome(await signed({ service: 'bedrock-mantle' }), { scope: mantle })).toBe('ok');
    expect(await outcome(await signed({ service: 'bedrock' }), { scope: mantle })).toBe('ok');
    expect(await outcome(await signed({ service: 's3' }), { scope: mantle })).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: "Credential should be scoped to correct service: 'bedrock-mantle'. ",
    });
  });

  it('refuses a scope that does not end in aws4_request', async () => {
    const sent = withAuthorization(await signed({}), (authorization) => authorization.replace('/aws4_request,', '/aws5_request,'));
    expect(await outcome(sent)).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
    });
  });

  it('refuses a signature that does not cover host (or :authority)', async () => {
    const sent = withAuthorization(await signed({}), (authorization) => authorization.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;'));
    expect(await outcome(sent)).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });
});

describe('verifySigV4: the Authorization header', () => {
  const allMissing =
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256";

  it('names every part missing, in one IncompleteSignatureException', async () => {
    const sent = await signed({});
    for (const authorization of ['', 'Basic dXNlcjpwYXNz', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1 Credential=a, SignedHeaders=host, Signature=00']) {
      expect(await outcome({ ...sent, headers: { ...sent.headers, authorization } }), authorization).toEqual({ name: 'IncompleteSignatureException', status: 403, message: allMissing });
    }
  });

  it('names only the part missing', async () => {
    const sent = withAuthorization(await signed({}), (authorization) => authorization.replace(/, Signature=[0-9a-f]+$/, ''));
    expect(await outcome(sent)).toEqual({
      name: 'IncompleteSignatureException',
      status: 403,
      message: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256",
    });
  });

  it('refuses a signature of the right length with one digit changed', async () => {
    const sent = withAuthorization(await signed({}), (authorization) => authorization.replace(/.$/, (last) => (last === '0' ? '1' : '0')));
    expect(await outcome(sent)).toEqual(signatureMismatch);
  });

  it('does not read a presigned URL’s query-string signature: only the Authorization header counts', async () => {
    const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: asIdentity(alice), sha256: Hash.bind(null, 'sha256') });
    const presigned = await signer.presign(
      new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: invokePath, headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com' }, body }),
      { signingDate: signedAt, expiresIn: 300 },
    );
    const query = presigned.query as Record<string, string>;
    expect(Object.keys(query).sort()).toEqual(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Signature', 'X-Amz-SignedHeaders']);
    const rawQuery = Object.entries(query)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&');
    expect(await outcome({ method: 'POST', rawPath: invokePath, rawQuery, headers: presigned.headers, body })).toEqual({ name: 'IncompleteSignatureException', status: 403, message: allMissing });
  });
});

describe('equalInConstantTime', () => {
  it('is true only for the same text', () => {
    expect(equalInConstantTime('abc', 'abc')).toBe(true);
    expect(equalInConstantTime('', '')).toBe(true);
    expect(equalInConstantTime('abc', 'abd')).toBe(false);
    expect(equalInConstantTime('abc', 'abcd')).toBe(false);
    expect(equalInConstantTime('abc', '')).toBe(false);
  });
});
