import { describe, expect, it } from 'vitest';
import { apis, recordingOf, routeFor, routeOf } from './registry.ts';

describe('the API registry', () => {
  it('finds the route of a path, its operation, endpoint and parameters (percent-decoded)', () => {
    expect(routeOf('POST', '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream')).toMatchObject({
      route: { operation: 'ConverseStream', endpoint: 'runtime' },
      params: { modelId: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0' },
    });
    expect(routeOf('POST', '/v1/chat/completions')).toMatchObject({ route: { operation: 'ChatCompletions', endpoint: 'mantle' }, params: {} });
    expect(routeOf('POST', '/openai/v1/responses')).toMatchObject({ route: { operation: 'Responses', endpoint: 'runtime' } });
    expect(routeOf('POST', '/anthropic/v1/messages/count_tokens')).toMatchObject({ route: { operation: 'CountTokens', endpoint: 'mantle' } });
    expect(routeOf('POST', '/guardrail/gr-1/version/DRAFT/apply')).toMatchObject({ route: { operation: 'ApplyGuardrail' }, params: { guardrailIdentifier: 'gr-1', guardrailVersion: 'DRAFT' } });
  });

  it('finds no route for a path no API has, another method, an empty parameter or a path naming a host', () => {
    for (const path of ['/model/x/invoke/extra', '/model//invoke', '/models/x/invoke', '//evil.example/model/x/invoke', '/_emulator/calls', '/'] as const) expect(routeOf('POST', path), path).toBeUndefined();
    expect(routeOf('GET', '/model/x/invoke')).toBeUndefined();
  });

  it('says how each generating operation is recorded, and that CountTokens and ApplyGuardrail are not', () => {
    for (const operation of ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream', 'ChatCompletions', 'Responses', 'AnthropicMessages'] as const) expect(recordingOf(operation), operation).toHaveProperty('answer');
    expect(recordingOf('CountTokens')).toBeUndefined();
    expect(recordingOf('ApplyGuardrail')).toBeUndefined();
  });

  it('reads a request as fixtures see it, with the API’s own parser', () => {
    const converse = recordingOf('Converse');
    const request = converse?.readRequest({ body: { messages: [{ role: 'user', content: [{ text: 'hello' }] }] }, headers: { 'x-a': '1' }, params: { modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' } });
    expect(request).toMatchObject({ operation: 'Converse', model: { base: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, messages: [{ role: 'user', content: [{ kind: 'text', text: 'hello' }] }], headers: { 'x-a': '1' } });
    const invoke = recordingOf('InvokeModel');
    expect(() => invoke?.readRequest({ body: { prompt: 'hi' }, headers: {}, params: { modelId: 'meta.llama3-3-70b-instruct-v1:0' } })).toThrow('InvokeModel bodies of the "meta" family are forwarded but not recorded yet (Converse calls to the same model are)');
  });

  it('has every route once, and an operation served on two endpoints once on each', () => {
    const routes = Object.values(apis).flatMap((api) => api.routes);
    expect(new Set(routes.map((route) => route.path)).size).toBe(routes.length);
    expect(routeFor('ChatCompletions', 'mantle').path).toBe('/v1/chat/completions');
    expect(routeFor('ChatCompletions').path).toBe('/openai/v1/chat/completions');
    expect(() => routeFor('AnthropicMessages')).toThrow('no runtime route for AnthropicMessages');
  });
});
