import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeBody, credentials, haiku, region, useEmulator } from '../support/emulator.ts';

const server = await useEmulator([{ match: { lastUserMessage: 'ping' }, response: { text: 'pong' }, timing: 'instant' }]);
const bedrockErrorType = (name: string): string => `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
const malformed = (detail: string): string => `Malformed input request: ${detail}, please reformat your input and try again.`;

async function post(path: string, body: string | undefined) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', ...(body === undefined ? {} : { body }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const base = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'ping' }] };
const without = (key: string): string => JSON.stringify(Object.fromEntries(Object.entries(base).filter(([name]) => name !== key)));

describe.each(['invoke', 'invoke-with-response-stream'])('bad input to /model/{id}/%s', (operation) => {
  const path = `/model/${haiku}/${operation}`;

  it.each([
    ['malformed JSON', '{"anthropic_version": "x", ', /^Malformed input request: #: the request body is not valid JSON \(.+\), please reformat your input and try again\.$/],
    ['an empty body', '', /^Malformed input request: #: the request body is empty; expected a JSON object, please/],
    ['a JSON array', '[]', malformed('#: expected type: JSONObject, found: JSONArray')],
    ['missing messages', without('messages'), malformed('#: required key [messages] not found')],
    ['missing max_tokens', without('max_tokens'), malformed('#: required key [max_tokens] not found')],
    ['max_tokens as a string', JSON.stringify({ ...base, max_tokens: '100' }), malformed('#/max_tokens: expected type: Integer, found: String')],
    ['messages as a string', JSON.stringify({ ...base, messages: 'ping' }), malformed('#/messages: expected type: JSONArray, found: String')],
    ['a message without a role', JSON.stringify({ ...base, messages: [{ content: 'ping' }] }), malformed('#/messages/0: required key [role] not found')],
    ['a wrong role', JSON.stringify({ ...base, messages: [{ role: 'system', content: 'ping' }] }), malformed('#/messages/0/role: system is not a valid enum value')],
    ['temperature out of range', JSON.stringify({ ...base, temperature: 2 }), malformed('#/temperature: 2 is not less or equal to 1')],
  ])('answers %s with a 400 ValidationException naming the field', async (_label, body, message) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(bedrockErrorType('ValidationException'));
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('content-type')).toBe('application/json');
    if (typeof message === 'string') expect(response.body).toEqual({ message });
    else expect(String(response.body['message'])).toMatch(message);
  });
});

describe('bad model ids and routes', () => {
  it.each([
    ['an unknown model family', 'acme.rocket-v1:0'],
    ['a model id without a provider', 'claude'],
    ['an ARN without a resource', 'arn%3Aaws%3Abedrock'],
  ])('answers %s with "The provided model identifier is invalid."', async (_label, modelId) => {
    const response = await post(`/model/${modelId}/invoke`, claudeBody('ping'));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(bedrockErrorType('ValidationException'));
    expect(response.body).toEqual({ message: 'The provided model identifier is invalid.' });
  });

  it('says plainly when a real Bedrock family is not emulated yet', async () => {
    const response = await post('/model/ai21.jamba-1-5-large-v1:0/invoke', '{"messages":[{"role":"user","content":"hi"}]}');
    expect(response.status).toBe(400);
    expect(response.body['message']).toBe('bedrock-emulator does not emulate InvokeModel bodies for ai21.jamba-1-5-large-v1:0 (the "ai21" family) yet; use Converse, which speaks for every model.');
  });

  it.each([
    ['POST', '/model/x/unknown-op'],
    ['GET', `/model/${haiku}/invoke`],
    ['POST', '/nothing-here'],
  ])('answers %s %s with a typed 404', async (method, path) => {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain(`no Bedrock Runtime operation matches ${method} ${path}`);
  });

  it('raises the typed exception in the AWS SDK when a stream request is bad', async () => {
    const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
    afterAll(() => client.destroy());
    const error: unknown = await client
      .send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: JSON.stringify({ ...base, max_tokens: -1 }) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(malformed('#/max_tokens: -1 is not greater or equal to 1'));
  });

  it('refuses a body over Bedrock\'s 25,000,000-byte limit with a ValidationException', async () => {
    const body = JSON.stringify({ ...base, messages: [{ role: 'user', content: 'x'.repeat(25_000_000) }] });
    const response = await post(`/model/${haiku}/invoke`, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(bedrockErrorType('ValidationException'));
    expect(response.body).toEqual({ message: "The request body is larger than 25000000 bytes, Bedrock's limit." });
  });

  it('keeps serving after all of the above', async () => {
    const response = await post(`/model/${haiku}/invoke`, claudeBody('ping'));
    expect(response.status).toBe(200);
    expect(response.body['content']).toEqual([{ type: 'text', text: 'pong' }]);
  });
});

describe('names that are also JavaScript property names', () => {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

  it('a content block of such a type is answered as any unknown type is, never a 500', async () => {
    const statusOf = async (type: string): Promise<number> =>
      (await fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: [{ type }, { type: 'text', text: 'ping' }] }] }) })).status;
    const unknown = await statusOf('no-such-type');
    for (const name of names) expect({ name, status: await statusOf(name) }).toEqual({ name, status: unknown });
  });

  it('a fixture matching on a header of such a name serves, as do headers and query names of that kind', async () => {
    const { startEmulator } = await import('../../src/adapters/node/start-emulator.ts');
    const { defineFixtures } = await import('../../src/core/fixtures/parse-fixtures.ts');
    const emulator = await startEmulator({ fixtures: defineFixtures([{ name: 'proto', match: { headers: { constructor: 'yes' } }, response: { text: 'matched on constructor' } }, { name: 'rest', response: { text: 'fallback' } }]) });
    try {
      const ask = async (headers: Record<string, string>) => ((await (await fetch(`${emulator.url}/model/${haiku}/invoke`, { method: 'POST', headers, body: claudeBody('hi') })).json()) as { content: { text: string }[] }).content[0]?.text;
      expect(await ask({})).toBe('fallback');
      expect(await ask({ constructor: 'yes', 'x-test': '1' })).toBe('matched on constructor');
    } finally {
      await emulator.close();
    }
  });

  it('a long text cut into single characters serves (no spread of 130,000 deltas)', async () => {
    const { startEmulator } = await import('../../src/adapters/node/start-emulator.ts');
    const { defineFixtures } = await import('../../src/core/fixtures/parse-fixtures.ts');
    const text = 'y'.repeat(130_000);
    const emulator = await startEmulator({ fixtures: defineFixtures([{ name: 'long', response: { text }, timing: { timeToFirstTokenMs: 0, deltaIntervalMs: 0, chunking: { by: 'characters', min: 1, max: 1 } } }]) });
    try {
      const response = await fetch(`${emulator.url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('hi', { max_tokens: 200_000 }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toBe(text);
    } finally {
      await emulator.close();
    }
  }, 30_000);
});

describe('bodies that would make parsing recurse', () => {
  it('refuses a body nested past 100 levels with a typed 400, and keeps serving', async () => {
    let deep = '1';
    for (let level = 0; level < 5000; level++) deep = `[${deep}]`;
    const body = `{"anthropic_version":"bedrock-2023-05-31","max_tokens":5,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"x":${deep}}}]},{"role":"user","content":"ping"}]}`;
    for (const path of ['invoke', 'converse']) {
      const response = await fetch(`${server.url}/model/${haiku}/${path}`, { method: 'POST', body });
      expect({ path, status: response.status, type: response.headers.get('x-amzn-errortype')?.split(':')[0] }).toEqual({ path, status: 400, type: 'ValidationException' });
    }
    const countTokens = await fetch(`${server.url}/model/${haiku}/count-tokens`, { method: 'POST', body: '{"input":{"invokeModel":null}}' });
    expect([countTokens.status, countTokens.headers.get('x-amzn-errortype')?.split(':')[0]]).toEqual([400, 'ValidationException']);
    expect((await fetch(`${server.url}/_emulator/calls`)).status).toBe(200);
  });
});

describe('a body with more invalid values than the validator can list', () => {
  it('gets a ValidationException, not a 500 (Converse and InvokeModel)', async () => {
    const converse = JSON.stringify({ messages: [{ role: 'user', content: Array.from({ length: 300_000 }, () => ({ text: 123 })) }] });
    const invoke = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: Array.from({ length: 300_000 }, () => ({ type: 'text', text: 123 })) }] });
    for (const [path, body] of [['converse', converse], ['invoke', invoke]] as const) {
      const response = await fetch(`${server.url}/model/${haiku}/${path}`, { method: 'POST', body });
      expect({ path, status: response.status, type: response.headers.get('x-amzn-errortype')?.split(':')[0] }).toEqual({ path, status: 400, type: 'ValidationException' });
    }
  }, 30_000);
});
