import { describe, expect, it } from 'vitest';
import { FixtureError } from '../core/errors/fixture-error.ts';
import { createEmulator } from './create-emulator.ts';

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';

const converse = (modelId: string) =>
  new Request(`http://emulator/model/${encodeURIComponent(modelId)}/converse`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }) });

describe('createEmulator: the models option', () => {
  it('checks the option like a models file, naming each field', () => {
    const create = () => createEmulator({ models: { models: { a1b2c3d4e5f6: 'claude-3-haiku' }, prompts: { GREETING01: { model: haiku } } } });
    expect(create).toThrow(FixtureError);
    expect(create).toThrow(/invalid models option \(2 problems\):\n {2}the models option: models\.a1b2c3d4e5f6: expected a foundation model id[^\n]*\n {2}the models option: prompts\.GREETING01: a prompt needs a template/);
  });

  it('serves what it declares, journals the id as sent, and shows it back', async () => {
    const emulator = createEmulator({ models: { models: { [profileArn]: haiku } }, defaultText: 'Hi.', timeScale: 0 });
    const response = await emulator.fetch(converse(profileArn));
    expect(response.status).toBe(200);
    expect(emulator.calls()[0]?.model).toEqual({ raw: profileArn, base: haiku });
    expect(emulator.models().models).toEqual({ [profileArn]: haiku });
  });

  it('without it, an opaque resource id is an invalid identifier', async () => {
    const response = await createEmulator().fetch(converse(profileArn));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^The provided model identifier is invalid\./);
  });
});

describe('the routes the emulator serves', () => {
  it('answers every route of the API registry (none is left to the unknown-operation answer)', async () => {
    const { apis } = await import('../apis/registry.ts');
    const emulator = createEmulator();
    // What a path no route takes is answered with, so the check below means something.
    const unknown = await emulator.fetch(new Request('http://localhost/model/x/no-such-operation', { method: 'POST', body: '{}' }));
    expect(unknown.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException/);
    for (const route of Object.values(apis).flatMap((api) => api.routes)) {
      const path = route.path.replace(':modelId', 'anthropic.claude-3-5-haiku-20241022-v1:0').replace(':guardrailIdentifier', 'gr-1').replace(':guardrailVersion', '1');
      const response = await emulator.fetch(new Request(`http://localhost${path}`, { method: route.method, body: '{}' }));
      await response.body?.cancel();
      expect({ path, type: response.headers.get('x-amzn-errortype') }, path).not.toMatchObject({ type: expect.stringMatching(/^UnknownOperationException/) as string });
    }
  });
});
