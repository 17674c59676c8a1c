import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../core/fixtures/request.ts';
import { parseModelId } from '../../apis/model-ids/model-id.ts';
import type { ModelId } from '../../apis/model-ids/model-id.ts';
import { authenticate, authorize, keysFileSchema, resourceArn, type AuthMode, type AuthPolicy, type Principal } from './auth-policy.ts';
import type { SignedRequest } from './verify-sigv4.ts';

const now = new Date('2026-11-26T03:15:00Z');
const alice = { accessKeyId: 'AKIAALICEEXAMPLE', secretAccessKey: 'alice-secret-0123456789', user: 'alice' };
const anonymousPair = { accessKeyId: 'AKIANONAMEEXAMPLE', secretAccessKey: 'no-name-secret' };
const role = { accessKeyId: 'ASIATEMPEXAMPLE', secretAccessKey: 'temp-secret', sessionToken: 'session-token-1', user: 'chat-role', models: ['anthropic.claude-3-5-haiku-*'] };
const apiKey = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvcg==';
const namedKey = 'ABSKbmFtZWQta2V5LWV4YW1wbGU=';
const expiredKey = 'ABSKZXhwaXJlZC1rZXk=';

function policy(modes: readonly AuthMode[]): AuthPolicy {
  return {
    modes,
    region: 'us-east-1',
    accountId: '111122223333',
    credentials: [alice, anonymousPair, role],
    apiKeys: [{ key: apiKey }, { key: namedKey, user: 'ci-bot', models: ['amazon.nova-*'] }, { key: expiredKey, expiresAt: new Date(now.getTime() - 1) }],
  };
}
const both = policy(['sigv4', 'api-key']);

function withHeaders(headers: Record<string, string>, body = new Uint8Array()): SignedRequest {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: 'POST', rawPath: '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke', rawQuery: '', header: (name) => byName.get(name), body };
}

const bearer = (token: string, scheme = 'Bearer'): SignedRequest => withHeaders({ authorization: `${scheme} ${token}` });

/** A request signed by the AWS SDK's own signer. */
async function signedBy(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, service = 'bedrock'): Promise<SignedRequest> {
  const body = new TextEncoder().encode('{"messages":[]}');
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke', headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com' }, body }),
    { signingDate: now },
  );
  return withHeaders(signed.headers, body);
}

/** A principal, or the exception as `{ name, status, message }`, at the service's time `at`. */
async function who(request: SignedRequest, under: AuthPolicy, services?: readonly [string, ...string[]], at = now) {
  const result = await authenticate(request, under, at, services);
  return result instanceof Error ? { name: result.name, status: result.status, message: result.message } : result;
}

describe('authenticate', () => {
  it('answers a request without credentials with MissingAuthenticationTokenException', async () => {
    const missing = { name: 'MissingAuthenticationTokenException', status: 403, message: 'Missing Authentication Token' };
    expect(await who(withHeaders({}), both)).toEqual(missing);
    expect(await who(withHeaders({ authorization: '   ' }), both)).toEqual(missing);
  });

  it('accepts a known API key as a bearer token, whatever the scheme’s case, as the default API-key user', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect(await who(bearer(apiKey, scheme), both), scheme).toEqual({ arn: 'arn:aws:iam::111122223333:user/BedrockAPIKey-emulator', models: undefined });
    }
  });

  it('names an API key’s own user and carries its model allow list', async () => {
    expect(await who(bearer(namedKey), both)).toEqual({ arn: 'arn:aws:iam::111122223333:user/ci-bot', models: ['amazon.nova-*'] });
  });

  it('refuses an unknown or expired API key with the same AccessDeniedException', async () => {
    const invalid = { name: 'AccessDeniedException', status: 403, message: 'Authentication failed: Please make sure your API Key is valid.' };
    expect(await who(bearer('ABSKbm90LWEta2V5'), both)).toEqual(invalid);
    expect(await who(bearer(expiredKey), both)).toEqual(invalid);
    expect(await who(bearer(`${apiKey}x`), both)).toEqual(invalid);
  });

  it('an API key stops working at its expiresAt, by the policy’s clock', async () => {
    const expiring: AuthPolicy = { ...both, apiKeys: [{ key: apiKey, expiresAt: new Date(now.getTime() + 1) }] };
    expect(await who(bearer(apiKey), expiring)).toEqual({ arn: 'arn:aws:iam::111122223333:user/BedrockAPIKey-emulator', models: undefined });
    expect(await who(bearer(apiKey), expiring, undefined, new Date(now.getTime() + 1))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('accepts a SigV4 signature by a known key pair, naming its IAM user (default: emulator)', async () => {
    expect(await who(await signedBy(alice), both)).toEqual({ arn: 'arn:aws:iam::111122223333:user/alice', models: undefined });
    expect(await who(await signedBy(anonymousPair), both)).toEqual({ arn: 'arn:aws:iam::111122223333:user/emulator', models: undefined });
  });

  it('names temporary credentials as an assumed role’s session, with their allow list', async () => {
    expect(await who(await signedBy(role), both)).toEqual({ arn: 'arn:aws:sts::111122223333:assumed-role/chat-role/emulator-session', models: ['anthropic.claude-3-5-haiku-*'] });
  });

  it('passes a failed signature check on as its own exception', async () => {
    expect(await who(await signedBy({ ...alice, secretAccessKey: 'wrong' }), both)).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    expect(await who(await signedBy({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }), both)).toEqual({
      name: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
  });

  it('checks the signature’s date against the policy’s clock', async () => {
    const request = await signedBy(alice);
    expect(await who(request, both, undefined, new Date(now.getTime() + 5 * 60_000 + 1000))).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'Signature expired: 20261126T031500Z is now earlier than 20261126T031501Z (20261126T032001Z - 5 min.)',
    });
  });

  it('verifies against the signing names it is given (bedrock by default)', async () => {
    const mantleSigned = await signedBy(alice, 'bedrock-mantle');
    expect(await who(mantleSigned, both)).toMatchObject({ name: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'bedrock'. " });
    expect(await who(mantleSigned, both, ['bedrock-mantle', 'bedrock'])).toEqual({ arn: 'arn:aws:iam::111122223333:user/alice', models: undefined });
  });

  it('with both modes on, the form of Authorization decides: a bearer token is an API key, anything else a signature', async () => {
    // A bearer token that is a valid API key is never read as a signature, and the reverse.
    expect(await who(bearer(apiKey), both)).toMatchObject({ arn: 'arn:aws:iam::111122223333:user/BedrockAPIKey-emulator' });
    expect(await who(await signedBy(alice), both)).toMatchObject({ arn: 'arn:aws:iam::111122223333:user/alice' });
    // `Bearer` with no token after it is not a bearer token: it is read as a (malformed) signature.
    expect(await who(withHeaders({ authorization: 'Bearer' }), both)).toMatchObject({ name: 'IncompleteSignatureException' });
  });

  it('with SigV4 only, refuses a bearer token and says so', async () => {
    const sigv4Only = policy(['sigv4']);
    expect(await who(bearer(apiKey), sigv4Only)).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: 'Authentication failed: this emulator verifies SigV4 signatures only (--auth sigv4) and got a bearer token (an API key).',
    });
    expect(await who(await signedBy(alice), sigv4Only)).toMatchObject({ arn: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('with API keys only, refuses a signature and says so', async () => {
    const apiKeysOnly = policy(['api-key']);
    expect(await who(await signedBy(alice), apiKeysOnly)).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: 'Authentication failed: this emulator accepts Bedrock API keys only (--auth api-key) and got a SigV4 signature.',
    });
    expect(await who(bearer(apiKey), apiKeysOnly)).toMatchObject({ arn: 'arn:aws:iam::111122223333:user/BedrockAPIKey-emulator' });
  });
});

function model(raw: string): ModelId {
  const parsed = parseModelId(raw);
  if (parsed === undefined) throw new Error(`not a model id: ${raw}`);
  return parsed;
}

const haiku = model('anthropic.claude-3-5-haiku-20241022-v1:0');
const region = { region: 'us-east-1', accountId: '111122223333' };
const alicePrincipal = (models: readonly string[] | undefined): Principal => ({ arn: 'arn:aws:iam::111122223333:user/alice', models });

describe('authorize', () => {
  it('lets a principal without an allow list call any model', () => {
    expect(authorize(alicePrincipal(undefined), 'InvokeModel', haiku, region)).toBeUndefined();
  });

  it('tries each glob on the id as sent and on its base model', () => {
    const allowed: [readonly string[], string][] = [
      [['anthropic.claude-3-5-haiku-*'], 'anthropic.claude-3-5-haiku-20241022-v1:0'],
      [['anthropic.claude-3-5-haiku-*'], 'us.anthropic.claude-3-5-haiku-20241022-v1:0'],
      [['anthropic.claude-3-5-haiku-*'], 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'],
      [['us.*'], 'us.anthropic.claude-3-5-haiku-20241022-v1:0'],
      [['amazon.nova-*', 'anthropic.claude-3-5-haiku-2024????-v1:0'], 'anthropic.claude-3-5-haiku-20241022-v1:0'],
      [['*'], 'meta.llama3-8b-instruct-v1:0'],
    ];
    for (const [globs, id] of allowed) expect(authorize(alicePrincipal(globs), 'Converse', model(id), region), `${globs.join(',')} ${id}`).toBeUndefined();
  });

  it('refuses a model no glob matches, in IAM’s words: user, action, resource', () => {
    const refused = authorize(alicePrincipal(['amazon.nova-*', 'us.*']), 'InvokeModelWithResponseStream', haiku, region);
    expect(refused?.name).toBe('AccessDeniedException');
    expect(refused?.status).toBe(403);
    expect(refused?.message).toBe(
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0 because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action',
    );
  });

  it('names the IAM action each operation is authorized as', () => {
    const actions: Record<Operation, string> = {
      InvokeModel: 'bedrock:InvokeModel',
      Converse: 'bedrock:InvokeModel',
      ChatCompletions: 'bedrock:InvokeModel',
      Responses: 'bedrock:InvokeModel',
      InvokeModelWithResponseStream: 'bedrock:InvokeModelWithResponseStream',
      ConverseStream: 'bedrock:InvokeModelWithResponseStream',
      CountTokens: 'bedrock:CountTokens',
      ApplyGuardrail: 'bedrock:ApplyGuardrail',
      AnthropicMessages: 'bedrock-mantle:CreateInference',
    };
    for (const [operation, action] of Object.entries(actions) as [Operation, string][]) {
      const message = authorize(alicePrincipal([]), operation, haiku, region)?.message ?? '';
      expect(/ to perform: (\S+) on resource: /.exec(message)?.[1], operation).toBe(action);
      expect(message.endsWith(`allows the ${action} action`), operation).toBe(true);
    }
  });
});

describe('resourceArn', () => {
  it('is the foundation model, the inference profile, or the ARN as sent', () => {
    expect(resourceArn(haiku, region)).toBe('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(resourceArn(model('us.anthropic.claude-3-5-haiku-20241022-v1:0'), region)).toBe('arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0');
    const arn = 'arn:aws:bedrock:eu-west-1:444455556666:inference-profile/eu.anthropic.claude-3-5-haiku-20241022-v1:0';
    expect(resourceArn(model(arn), region)).toBe(arn);
  });
});

describe('keysFileSchema', () => {
  it('reads key pairs and API keys, their expiry as a date', () => {
    const parsed = keysFileSchema.parse({
      region: 'eu-west-1',
      accountId: '111122223333',
      credentials: [{ accessKeyId: 'AKIA1', secretAccessKey: 's', expiresAt: '2030-01-01T00:00:00Z', models: ['anthropic.*'] }],
      apiKeys: [{ key: 'ABSK1', user: 'ci' }],
    });
    expect(parsed.credentials?.[0]?.expiresAt).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(parsed.apiKeys).toEqual([{ key: 'ABSK1', user: 'ci' }]);
  });

  it('refuses an account that is not 12 digits, an empty allow list and a field it does not know', () => {
    const issues = (input: unknown) => keysFileSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ accountId: '1234' })).toEqual(['accountId: expected 12 digits']);
    expect(issues({ apiKeys: [{ key: 'k', models: [] }] })?.[0]).toMatch(/^apiKeys\.0\.models: /);
    expect(issues({ credentials: [{ accessKeyId: 'a', secretAccessKey: 's', secret: 'x' }] })?.[0]).toMatch(/^credentials\.0: .*"secret"/);
  });
});
