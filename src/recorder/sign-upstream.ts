import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** AWS credentials, as the SDK's credential providers resolve them. */
export type AwsCredentials = { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string; readonly expiration?: Date };

/** How the recorder proves itself to Bedrock: SigV4 with a credential chain, or an API key. */
export type UpstreamAuth = { readonly kind: 'sigv4'; readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>) } | { readonly kind: 'api-key'; readonly token: string };

/**
 * Headers the client sent that say who it is, or belong to its own
 * connection: never forwarded. The upstream request is signed afresh, for
 * the upstream's host, with the recorder's own credentials.
 */
const notForwarded = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'expect',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  // Also credentials: Anthropic's API key (which Mantle reads), and a browser's cookies for 127.0.0.1.
  'x-api-key',
  'cookie',
  'proxy-connection',
  'http2-settings',
]);

/**
 * The headers to send upstream for a client's request: its own headers
 * without its credentials and connection headers, signed with SigV4 for the
 * upstream's host and region (service `bedrock`) by the AWS SDK's own signer,
 * or carrying the API key as a bearer token.
 *
 * @example
 * const headers = await signUpstream({ method: 'POST', url, headers: incoming, body }, { kind: 'sigv4', credentials: fromNodeProviderChain() }, 'us-east-1');
 */
export async function signUpstream(
  request: { readonly method: string; readonly url: URL; readonly headers: Readonly<Record<string, string>>; readonly body: Uint8Array },
  auth: UpstreamAuth,
  region: string,
  /** The signing name: `bedrock` for the runtime endpoint, `bedrock-mantle` for Mantle's. */
  service = 'bedrock',
): Promise<Record<string, string>> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (!notForwarded.has(lower) && !lower.startsWith(':')) forwarded[lower] = value;
  }
  if (auth.kind === 'api-key') return { ...forwarded, authorization: `Bearer ${auth.token}` };
  const { url } = request;
  const query = Object.fromEntries(url.searchParams.entries());
  const signer = new SignatureV4({ service, region, credentials: auth.credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      // As sent: the signer escapes the path once more, as the service expects.
      path: url.pathname,
      query,
      headers: { ...forwarded, host: url.host },
      body: request.body,
    }),
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
