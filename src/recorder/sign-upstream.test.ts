import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { verifySigV4, type SigV4Credential } from '../emulator/auth/verify-sigv4.ts';
import { signUpstream, type AwsCredentials } from './sign-upstream.ts';

const recorderKeys: AwsCredentials = { accessKeyId: 'AKIARECORDEREXAMPLE', secretAccessKey: 'recorder-secret' };
const recorderSession: AwsCredentials = { accessKeyId: 'ASIARECORDEREXAMPLE', secretAccessKey: 'recorder-temp-secret', sessionToken: 'recorder-session-token' };
const runtime = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
const mantle = new URL('https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages');
const body = new TextEncoder().encode('{"messages":[{"role":"user","content":[{"text":"hello"}]}]}');

/** What a client sends the recorder: its own credentials and connection headers among the rest. */
const fromClient: Record<string, string> = {
  Authorization: 'AWS4-HMAC-SHA256 Credential=AKIACLIENTEXAMPLE/20261126/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123',
  'X-Amz-Date': '20261126T031500Z',
  'X-Amz-Security-Token': 'client-session-token',
  'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
  'proxy-authorization': 'Basic Y2xpZW50OnNlY3JldA==',
  // Anthropic's SDK sends its API key here; Mantle and the emulator read it as a credential.
  'x-api-key': 'sk-ant-client-key',
  // A browser sends the cookies of every app on 127.0.0.1 (cookies ignore the port).
  Cookie: 'session=local-app-session-cookie',
  Host: '127.0.0.1:4010',
  Connection: 'keep-alive',
  'Keep-Alive': 'timeout=5',
  'Transfer-Encoding': 'chunked',
  'Content-Length': String(body.length),
  Expect: '100-continue',
  TE: 'trailers',
  Trailer: 'x-checksum',
  Upgrade: 'h2c',
  'Proxy-Connection': 'keep-alive',
  'HTTP2-Settings': 'AAMAAABkAAQAoAAAAAIAAAAA',
  ':authority': '127.0.0.1:4010',
  ':method': 'POST',
  'Content-Type': 'application/json',
  Accept: 'application/vnd.amazon.eventstream',
  'X-Amzn-Bedrock-Trace': 'ENABLED',
  'User-Agent': 'aws-sdk-js/3.0.0',
};

/** The client's headers that are about the call itself, lower-cased: the only ones that go on. */
const aboutTheCall = { 'content-type': 'application/json', accept: 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-trace': 'ENABLED', 'user-agent': 'aws-sdk-js/3.0.0' };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Checks the headers sent upstream with our own verifier, as Bedrock would check them, at the time they were signed. */
async function verifiedBy(headers: Record<string, string>, url: URL, credential: SigV4Credential, service: string, region = 'us-east-1') {
  const amzDate = headers['x-amz-date'] ?? '';
  const now = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  // fetch adds Host from the URL, so the signer's host is the URL's.
  const header = (name: string): string | undefined => (name === 'host' ? url.host : headers[name]);
  const verdict = await verifySigV4({ method: 'POST', rawPath: url.pathname, rawQuery: url.search.slice(1), header, body }, (id) => (id === credential.accessKeyId ? credential : undefined), { region, services: [service] }, now);
  return verdict.ok ? 'ok' : `${verdict.exception.name}: ${verdict.exception.message}`;
}

describe('signUpstream with an API key', () => {
  it('sends the key as a bearer token and the call’s own headers, lower-cased, nothing else', async () => {
    const headers = await signUpstream({ method: 'POST', url: runtime, headers: fromClient, body }, { kind: 'api-key', token: 'ABSKcmVjb3JkZXIta2V5' }, 'us-east-1');
    expect(headers).toEqual({ ...aboutTheCall, authorization: 'Bearer ABSKcmVjb3JkZXIta2V5' });
  });
});

describe('signUpstream with SigV4', () => {
  it('signs for bedrock in the region, over the call’s own headers, with the recorder’s key', async () => {
    const headers = await signUpstream({ method: 'POST', url: runtime, headers: fromClient, body }, { kind: 'sigv4', credentials: recorderKeys }, 'us-east-1');
    expect(Object.keys(headers).sort()).toEqual(['accept', 'authorization', 'content-type', 'user-agent', 'x-amz-content-sha256', 'x-amz-date', 'x-amzn-bedrock-trace']);
    expect(headers).toMatchObject(aboutTheCall);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIARECORDEREXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amzn-bedrock-trace, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-content-sha256']).toBe(await sha256Hex(body));
    expect(await verifiedBy(headers, runtime, recorderKeys, 'bedrock')).toBe('ok');
    // Signed for the runtime's signing name, not Mantle's.
    expect(await verifiedBy(headers, runtime, recorderKeys, 'bedrock-mantle')).toBe("InvalidSignatureException: Credential should be scoped to correct service: 'bedrock-mantle'. ");
  });

  it('signs for bedrock-mantle when told, and the signature is Mantle’s', async () => {
    const headers = await signUpstream({ method: 'POST', url: mantle, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-client-key' }, body }, { kind: 'sigv4', credentials: recorderKeys }, 'us-east-1', 'bedrock-mantle');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIARECORDEREXAMPLE\/\d{8}\/us-east-1\/bedrock-mantle\/aws4_request, SignedHeaders=anthropic-version;content-type;host;x-amz-content-sha256;x-amz-date, /);
    expect(await verifiedBy(headers, mantle, recorderKeys, 'bedrock-mantle')).toBe('ok');
  });

  it('matches the AWS SDK signer’s own signature for the same request and time', async () => {
    const headers = await signUpstream({ method: 'POST', url: runtime, headers: { 'content-type': 'application/json' }, body }, { kind: 'sigv4', credentials: recorderKeys }, 'eu-west-1');
    const amzDate = headers['x-amz-date'] ?? '';
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const signer = new SignatureV4({ service: 'bedrock', region: 'eu-west-1', credentials: recorderKeys, sha256: Hash.bind(null, 'sha256') });
    const expected = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: runtime.hostname, path: runtime.pathname, headers: { 'content-type': 'application/json', host: runtime.host }, body }), { signingDate });
    expect(headers.authorization).toBe(expected.headers.authorization);
  });

  it('sends the recorder’s session token, never the client’s, and signs it', async () => {
    const headers = await signUpstream({ method: 'POST', url: runtime, headers: fromClient, body }, { kind: 'sigv4', credentials: recorderSession }, 'us-east-1');
    expect(headers['x-amz-security-token']).toBe('recorder-session-token');
    expect(headers.authorization).toContain(';x-amz-security-token;');
    expect(await verifiedBy(headers, runtime, recorderSession, 'bedrock')).toBe('ok');
  });

  it('resolves credentials from a provider, as the SDK’s credential chain gives them', async () => {
    let asked = 0;
    const provider = (): Promise<AwsCredentials> => {
      asked += 1;
      return Promise.resolve(recorderKeys);
    };
    const headers = await signUpstream({ method: 'POST', url: runtime, headers: {}, body }, { kind: 'sigv4', credentials: provider }, 'us-east-1');
    expect(asked).toBe(1);
    expect(await verifiedBy(headers, runtime, recorderKeys, 'bedrock')).toBe('ok');
  });

  it('signs the query string and the upstream’s port', async () => {
    const upstream = new URL('http://127.0.0.1:9999/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke?b=x%20y&a=1');
    const headers = await signUpstream({ method: 'POST', url: upstream, headers: {}, body }, { kind: 'sigv4', credentials: recorderKeys }, 'us-east-1');
    expect(await verifiedBy(headers, upstream, recorderKeys, 'bedrock')).toBe('ok');
    // Sent to another port, or with another query, the signature no longer holds.
    expect(await verifiedBy(headers, new URL('http://127.0.0.1:9998/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke?b=x%20y&a=1'), recorderKeys, 'bedrock')).toMatch(/^InvalidSignatureException: The request signature we calculated does not match/);
    expect(await verifiedBy(headers, new URL('http://127.0.0.1:9999/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke?b=x%20y&a=2'), recorderKeys, 'bedrock')).toMatch(/^InvalidSignatureException: The request signature we calculated does not match/);
  });

  it('fails when the credentials cannot be resolved, with the provider’s error', async () => {
    const none = (): Promise<AwsCredentials> => Promise.reject(new Error('Could not load credentials from any providers'));
    await expect(signUpstream({ method: 'POST', url: runtime, headers: {}, body }, { kind: 'sigv4', credentials: none }, 'us-east-1')).rejects.toThrow('Could not load credentials from any providers');
  });
});

describe('signUpstream never forwards a client credential', () => {
  it('in any mode, for any endpoint: no client key, token, signature or API key reaches the upstream', async () => {
    const clientSecrets = ['AKIACLIENTEXAMPLE', 'abc123', 'client-session-token', 'sk-ant-client-key', 'local-app-session-cookie', 'Y2xpZW50OnNlY3JldA==', 'UNSIGNED-PAYLOAD'];
    for (const [url, service] of [[runtime, 'bedrock'], [mantle, 'bedrock-mantle']] as const) {
      for (const auth of [{ kind: 'api-key', token: 'ABSKcmVjb3JkZXIta2V5' }, { kind: 'sigv4', credentials: recorderKeys }, { kind: 'sigv4', credentials: recorderSession }] as const) {
        const headers = await signUpstream({ method: 'POST', url, headers: fromClient, body }, auth, 'us-east-1', service);
        const sent = JSON.stringify(headers);
        for (const secret of clientSecrets) expect(sent, `${service} ${auth.kind}: ${secret}`).not.toContain(secret);
      }
    }
  });
});
