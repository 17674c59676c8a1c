import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { generateText } from 'ai';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { Hash } from '@smithy/hash-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAuthPolicy } from '../../src/adapters/node/load-auth-policy.ts';
import { claudeBody, haiku, useEmulator } from '../support/emulator.ts';
import { runCli } from '../support/cli.ts';
import { temporaryDir } from '../support/temporary-dir.ts';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const alice = { accessKeyId: 'AKIAALICEEXAMPLE', secretAccessKey: 'alice-secret-0123456789' };
const temporary = { accessKeyId: 'ASIATEMPEXAMPLE', secretAccessKey: 'temp-secret', sessionToken: 'session-token-1' };
const expired = { accessKeyId: 'ASIAOLDEXAMPLE', secretAccessKey: 'old-secret', sessionToken: 'old-token' };
const limited = { accessKeyId: 'AKIAHAIKUONLY', secretAccessKey: 'haiku-secret' };
const apiKey = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvcg==';

const server = await useEmulator([{ name: 'hello', match: { lastUserMessage: 'hello' }, response: { text: 'Hello, verified caller.' }, timing: 'instant' }], {
  auth: {
    modes: ['sigv4', 'api-key'],
    region: 'us-east-1',
    accountId: '111122223333',
    credentials: [
      { ...alice, user: 'alice' },
      { ...temporary, user: 'chat-role' },
      { ...expired, expiresAt: new Date(Date.now() - 60_000) },
      { ...limited, user: 'haiku-user', models: ['anthropic.claude-3-5-haiku-*'] },
    ],
    apiKeys: [
      { key: apiKey, user: 'BedrockAPIKey-test' },
      { key: 'ABSK-expired', expiresAt: new Date(Date.now() - 1000) },
    ],
  },
});

const clients: BedrockRuntimeClient[] = [];
afterAll(() => clients.forEach((client) => client.destroy()));
function client(config: BedrockRuntimeClientConfig): BedrockRuntimeClient {
  const made = new BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, ...config });
  clients.push(made);
  return made;
}

const converse = (modelId = haiku) => new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hello' }] }] });

/** The error a call fails with: its type (as the SDK names it), HTTP status and message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const typed = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: typed.name, status: typed.$metadata?.httpStatusCode, message: typed.message };
  }
  throw new Error('the call succeeded');
}

describe('start --auth sigv4: signatures checked as the service checks them', () => {
  it('accepts the AWS SDK signing with a known key pair, over HTTP/2 and HTTP/1.1, streaming and not', async () => {
    const h2 = client({ credentials: alice });
    expect((await h2.send(converse())).output?.message?.content?.[0]?.text).toBe('Hello, verified caller.');
    const http1 = client({ credentials: alice, requestHandler: new NodeHttpHandler() });
    const stream = await http1.send(new InvokeModelWithResponseStreamCommand({ modelId: `us.${haiku}`, body: claudeBody('hello') }));
    let chunks = 0;
    for await (const event of stream.body ?? []) if (event.chunk !== undefined) chunks += 1;
    expect(chunks).toBeGreaterThan(3);
    const counted = await http1.send(new CountTokensCommand({ modelId: haiku, input: { converse: { messages: [{ role: 'user', content: [{ text: 'hello' }] }] } } }));
    expect(counted.inputTokens).toBeGreaterThan(0);
  });

  it('accepts temporary credentials with their session token', async () => {
    const response = await client({ credentials: temporary }).send(new ConverseStreamCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'hello' }] }] }));
    let text = '';
    for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('Hello, verified caller.');
  });

  it('a wrong secret: InvalidSignatureException, 403, in AWS words', async () => {
    const error = await failure(client({ credentials: { ...alice, secretAccessKey: 'not-the-secret' } }).send(converse()));
    expect(error).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('an unknown key: UnrecognizedClientException', async () => {
    const error = await failure(client({ credentials: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' } }).send(converse()));
    expect(error).toEqual({ name: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' });
  });

  it('a signature scoped to another region: InvalidSignatureException naming it', async () => {
    const error = await failure(client({ credentials: alice, region: 'eu-west-1' }).send(converse()));
    expect(error).toEqual({ name: 'InvalidSignatureException', status: 403, message: "Credential should be scoped to a valid region, not 'eu-west-1'. " });
  });

  it('a date more than 5 minutes off: InvalidSignatureException, Signature expired', async () => {
    const error = await failure(client({ credentials: alice, systemClockOffset: -10 * 60_000 }).send(converse()));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const future = await failure(client({ credentials: alice, systemClockOffset: 10 * 60_000 }).send(converse()));
    expect(future.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than/);
  });

  it('temporary credentials without their token: UnrecognizedClientException; expired ones: ExpiredTokenException', async () => {
    const missing = await failure(client({ credentials: { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey } }).send(converse()));
    expect(missing).toEqual({ name: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' });
    const old = await failure(client({ credentials: expired }).send(converse()));
    expect(old).toEqual({ name: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired' });
  });

  it("a key limited to some models: AccessDeniedException in IAM's words for any other", async () => {
    const haikuUser = client({ credentials: limited });
    expect((await haikuUser.send(converse(`us.${haiku}`))).stopReason).toBe('end_turn');
    const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const denied = await failure(haikuUser.send(new ConverseStreamCommand({ modelId: sonnet, messages: [{ role: 'user', content: [{ text: 'hello' }] }] })));
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:iam::111122223333:user/haiku-user is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1:111122223333:inference-profile/${sonnet} because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action`,
    });
  });

  it('checks the body a signer without x-amz-content-sha256 signed (as botocore signs), and refuses a body changed after signing', async () => {
    const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: alice, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const { hostname, port } = new URL(server.url);
    const body = claudeBody('hello');
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', protocol: 'http:', hostname, port: Number(port), path: `/model/${encodeURIComponent(haiku)}/invoke`, headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' }, body }),
    );
    expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
    const send = (payload: string) => fetch(`${server.url}/model/${encodeURIComponent(haiku)}/invoke`, { method: 'POST', headers: signed.headers, body: payload });
    expect((await send(body)).status).toBe(200);
    const tampered = await send(claudeBody('hellO'));
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
  });

  it('a malformed query string is a signature that does not match, not a server error', async () => {
    const response = await fetch(`${server.url}/model/${haiku}/converse?x=%zz`, {
      method: 'POST',
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${alice.accessKeyId}/20261126/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`, 'x-amz-date': new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
  });

  it('no Authorization at all: MissingAuthenticationTokenException; the journal shows each refusal', async () => {
    const response = await fetch(`${server.url}/model/${haiku}/converse`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello' }] }] }) });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    const refused = server.emulator.calls().filter((call) => call.error?.type === 'MissingAuthenticationTokenException');
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(server.emulator.calls())).not.toContain(alice.secretAccessKey);
  });
});

describe('start --auth sigv4 with the other signers clients use', () => {
  it('accepts the Anthropic SDK (its own SigV4 signer) and the Vercel AI SDK (aws4fetch), and refuses them with a wrong secret', async () => {
    const anthropic = (secret: string) => new AnthropicBedrock({ baseURL: server.url, awsRegion: 'us-east-1', awsAccessKey: alice.accessKeyId, awsSecretKey: secret, maxRetries: 0 });
    const message = await anthropic(alice.secretAccessKey).messages.create({ model: `us.${haiku}`, max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello, verified caller.' }]);
    await expect(anthropic('wrong').messages.create({ model: haiku, max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] })).rejects.toMatchObject({ status: 403 });

    const vercel = (secret: string) => createAmazonBedrock({ baseURL: server.url, region: 'us-east-1', accessKeyId: alice.accessKeyId, secretAccessKey: secret })(`us.${haiku}`);
    expect((await generateText({ model: vercel(alice.secretAccessKey), prompt: 'hello', maxRetries: 0 })).text).toBe('Hello, verified caller.');
    await expect(generateText({ model: vercel('wrong'), prompt: 'hello', maxRetries: 0 })).rejects.toThrow(/The request signature we calculated does not match/);
  });
});

describe('start --auth api-key: Bedrock API keys as bearer tokens', () => {
  it('accepts a known key sent by the AWS SDK as a bearer token', async () => {
    const bearer = client({ authSchemePreference: ['httpBearerAuth'], token: { token: apiKey } });
    expect((await bearer.send(converse())).output?.message?.content?.[0]?.text).toBe('Hello, verified caller.');
  });

  it('an unknown or expired key: AccessDeniedException', async () => {
    for (const token of ['ABSK-unknown', 'ABSK-expired']) {
      const error = await failure(client({ authSchemePreference: ['httpBearerAuth'], token: { token } }).send(converse()));
      expect(error).toEqual({ name: 'AccessDeniedException', status: 403, message: 'Authentication failed: Please make sure your API Key is valid.' });
    }
  });
});

const sigv4Only = await useEmulator([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hi.' }, timing: 'instant' }], {
  auth: { modes: ['sigv4'], region: 'us-east-1', accountId: '123456789012', credentials: [alice], apiKeys: [] },
});
const apiKeyOnly = await useEmulator([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hi.' }, timing: 'instant' }], {
  auth: { modes: ['api-key'], region: 'us-east-1', accountId: '123456789012', credentials: [], apiKeys: [{ key: apiKey }] },
});

describe('one mode only', () => {
  it('--auth sigv4 refuses a bearer token, and --auth api-key a signature, each saying which it takes', async () => {
    const bearer = new BedrockRuntimeClient({ endpoint: sigv4Only.url, region: 'us-east-1', maxAttempts: 1, authSchemePreference: ['httpBearerAuth'], token: { token: apiKey } });
    const signed = new BedrockRuntimeClient({ endpoint: apiKeyOnly.url, region: 'us-east-1', maxAttempts: 1, credentials: alice });
    try {
      expect(await failure(bearer.send(converse()))).toEqual({ name: 'AccessDeniedException', status: 403, message: 'Authentication failed: this emulator verifies SigV4 signatures only (--auth sigv4) and got a bearer token (an API key).' });
      expect(await failure(signed.send(converse()))).toEqual({ name: 'AccessDeniedException', status: 403, message: 'Authentication failed: this emulator accepts Bedrock API keys only (--auth api-key) and got a SigV4 signature.' });
    } finally {
      bearer.destroy();
      signed.destroy();
    }
  });
});

describe('the auth policy from a keys file or the environment', () => {
  it("defaults to the emulator's own AWS variables, and refuses a mode with nothing to check against", async () => {
    const policy = await loadAuthPolicy({ modes: ['sigv4'], environment: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_REGION: 'eu-central-1' } });
    expect(policy).toMatchObject({ region: 'eu-central-1', credentials: [{ accessKeyId: 'AKIAENV', secretAccessKey: 'env-secret' }] });
    await expect(loadAuthPolicy({ modes: ['sigv4'], environment: {} })).rejects.toThrow(/--auth sigv4 needs a key pair/);
    await expect(loadAuthPolicy({ modes: ['api-key'], environment: {} })).rejects.toThrow(/--auth api-key needs an API key/);
    expect(await loadAuthPolicy({ modes: [], environment: {} })).toBeUndefined();
  });

  it('counts a variable set but empty as not set: no empty region, no key pair with an empty secret', async () => {
    const policy = await loadAuthPolicy({ modes: ['sigv4'], environment: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-3' } });
    expect(policy).toMatchObject({ region: 'eu-west-3' });
    expect(await loadAuthPolicy({ modes: ['sigv4'], environment: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_REGION: '' } })).toMatchObject({ region: 'us-east-1' });
    await expect(loadAuthPolicy({ modes: ['sigv4'], environment: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: '' } })).rejects.toThrow(/--auth sigv4 needs a key pair/);
    await expect(loadAuthPolicy({ modes: ['sigv4'], environment: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'env-secret' } })).rejects.toThrow(/--auth sigv4 needs a key pair/);
  });

  it('reads a keys file, and reports a bad field by file and path without echoing secrets', async () => {
    const dir = temporaryDir();
    const good = path.join(dir, 'keys.yaml');
    writeFileSync(good, 'region: us-west-2\ncredentials:\n  - accessKeyId: AKIAFILE\n    secretAccessKey: file-secret\n    models: ["anthropic.*"]\napiKeys:\n  - key: ABSK-file\n    expiresAt: 2030-01-01T00:00:00Z\n');
    const policy = await loadAuthPolicy({ modes: ['sigv4', 'api-key'], keysFile: good, environment: {} });
    expect(policy).toMatchObject({ region: 'us-west-2', accountId: '123456789012', credentials: [{ accessKeyId: 'AKIAFILE', models: ['anthropic.*'] }], apiKeys: [{ key: 'ABSK-file' }] });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ credentials: [{ accessKeyId: 'AKIABAD', secretAccessKey: 'leaky-secret', expires: 'soon' }] }));
    const message = await loadAuthPolicy({ modes: ['sigv4'], keysFile: bad, environment: {} }).then(
      () => 'loaded',
      (caught: unknown) => (caught as Error).message,
    );
    expect(message).toContain(bad);
    expect(message).toContain('credentials[0]');
    expect(message).not.toContain('leaky-secret');
    // A file that does not parse: where, never the line (it may hold a secret).
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'credentials:\n  - accessKeyId: AKIAX\n    secretAccessKey: super-secret: value\n');
    const parseError = await loadAuthPolicy({ modes: ['sigv4'], keysFile: broken, environment: {} }).then(
      () => 'loaded',
      (caught: unknown) => (caught as Error).message,
    );
    expect(parseError).toMatch(/invalid keys file \(1 problem\):[\s\S]*cannot read the keys file: not valid YAML at line 3/);
    expect(parseError).not.toContain('super-secret');
  });

  it('takes a keys file as the whole list: a kind it leaves out is not taken from the environment', async () => {
    const dir = temporaryDir();
    const onlyApiKeys = path.join(dir, 'api-keys.json');
    writeFileSync(onlyApiKeys, JSON.stringify({ apiKeys: [{ key: 'ABSK-only' }] }));
    const policy = await loadAuthPolicy({ modes: ['sigv4', 'api-key'], keysFile: onlyApiKeys, environment: { AWS_ACCESS_KEY_ID: 'AKIASHELL', AWS_SECRET_ACCESS_KEY: 'shell-secret' } });
    expect(policy?.credentials).toEqual([]);
    expect(policy?.apiKeys).toEqual([{ key: 'ABSK-only' }]);
  });
});

describe('bedrock-emulator start --auth', () => {
  it("checks signatures against the emulator's own AWS variables, and says what it verifies", async () => {
    const { AWS_BEARER_TOKEN_BEDROCK: _bearer, ...shell } = process.env;
    const run = runCli(['start', '--port', '0', '--auth', 'sigv4'], { env: { ...shell, AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey, AWS_SESSION_TOKEN: '', AWS_REGION: 'us-west-2' } });
    const url = await run.listening();
    expect(run.output().stdout).toContain('verifying sigv4 (region us-west-2; 1 key pair, 0 API keys)');
    const signed = new BedrockRuntimeClient({ endpoint: url, region: 'us-west-2', credentials: alice, maxAttempts: 1 });
    const wrong = new BedrockRuntimeClient({ endpoint: url, region: 'us-west-2', credentials: { ...alice, secretAccessKey: 'guess' }, maxAttempts: 1 });
    try {
      expect((await signed.send(converse())).stopReason).toBe('end_turn');
      expect((await failure(wrong.send(converse()))).name).toBe('InvalidSignatureException');
    } finally {
      signed.destroy();
      wrong.destroy();
    }
    expect(run.output().stdout + run.output().stderr).not.toContain(alice.secretAccessKey);
  });

  it('refuses --keys without --auth, and a keys file that is not there', async () => {
    const lone = runCli(['start', '--port', '0', '--keys', 'keys.yaml']);
    expect(await lone.exited).toBe(1);
    expect(lone.output().stderr).toContain('--keys says which keys --auth accepts: give --auth sigv4, api-key or sigv4,api-key with it.');
    const missing = runCli(['start', '--port', '0', '--auth', 'sigv4', '--keys', 'no-such-keys.yaml']);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toContain('cannot read the keys file: no such file');
  });

  it('refuses to start with --auth sigv4 and no key pair, saying where one comes from', async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...shell } = process.env;
    const run = runCli(['start', '--port', '0', '--auth', 'sigv4'], { env: shell });
    expect(await run.exited).not.toBe(0);
    expect(run.output().stderr).toContain('--auth sigv4 needs a key pair to check signatures against: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  });
});
