import { describe, expect, it } from 'vitest';
import { BedrockException } from '../../../core/errors/bedrock-exception.ts';
import { parseModelId } from '../../model-ids/model-id.ts';
import { parseAnthropicRequest } from './parse-request.ts';

const model = parseModelId('anthropic.claude-3-5-haiku-20241022-v1:0');
if (model === undefined) throw new Error('test model id must parse');
const valid = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

function messageFor(body: unknown): string {
  try {
    parseAnthropicRequest(body, 'InvokeModel', model as NonNullable<typeof model>);
  } catch (error) {
    expect(error).toBeInstanceOf(BedrockException);
    expect((error as BedrockException).name).toBe('ValidationException');
    expect((error as BedrockException).status).toBe(400);
    return (error as BedrockException).message;
  }
  throw new Error('expected a ValidationException');
}

const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key));
const wrap = (detail: string): string => `Malformed input request: ${detail}, please reformat your input and try again.`;

describe('parseAnthropicRequest', () => {
  it.each([
    [without('max_tokens'), '#: required key [max_tokens] not found'],
    [without('messages'), '#: required key [messages] not found'],
    [without('anthropic_version'), '#: required key [anthropic_version] not found'],
    [{ ...valid, max_tokens: '100' }, '#/max_tokens: expected type: Integer, found: String'],
    [{ ...valid, max_tokens: 1.5 }, '#/max_tokens: expected type: Integer, found: BigDecimal'],
    [{ ...valid, max_tokens: 0 }, '#/max_tokens: 0 is not greater or equal to 1'],
    [{ ...valid, messages: 'Hi' }, '#/messages: expected type: JSONArray, found: String'],
    [{ ...valid, messages: [] }, '#/messages: expected minimum item count: 1, found: 0'],
    [{ ...valid, messages: [{ role: 'robot', content: 'Hi' }] }, '#/messages/0/role: robot is not a valid enum value'],
    [{ ...valid, messages: [{ role: 'user' }] }, '#/messages/0: required key [content] not found'],
    [{ ...valid, messages: [{ role: 'user', content: 5 }] }, '#/messages/0/content: expected type: String or JSONArray, found: Integer'],
    [{ ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, '#/messages/0/content/0: required key [text] not found'],
    [{ ...valid, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, '#/messages/0/content/0/text: expected type: String, found: Integer'],
    [{ ...valid, temperature: 1.5 }, '#/temperature: 1.5 is not less or equal to 1'],
    [{ ...valid, stop_sequences: 'END' }, '#/stop_sequences: expected type: JSONArray, found: String'],
    [{ ...valid, system: 42 }, '#/system: expected type: String or JSONArray, found: Integer'],
    [{ ...valid, tool_choice: { type: 'sometimes' } }, '#/tool_choice/type: sometimes is not a valid enum value'],
    [[valid], '#: expected type: JSONObject, found: JSONArray'],
  ])('rejects %j with %j', (body, detail) => {
    expect(messageFor(body)).toBe(wrap(detail));
  });

  it('accepts any anthropic_version and fields it does not know', () => {
    const request = parseAnthropicRequest({ ...valid, anthropic_version: '2026-10-21', anthropic_beta: ['x'], metadata: { user_id: 'u' } }, 'InvokeModel', model);
    expect(request.maxTokens).toBe(100);
  });

  it('normalizes system, messages, tools, tool results and stop sequences', () => {
    const request = parseAnthropicRequest(
      {
        ...valid,
        system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
        stop_sequences: ['END'],
        tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18 °C' }] }, { type: 'text', text: 'And now?' }] },
        ],
      },
      'InvokeModelWithResponseStream',
      model,
    );
    expect(request).toEqual({
      operation: 'InvokeModelWithResponseStream',
      model: { raw: model.raw, base: model.base },
      system: 'Be brief.\nBe kind.',
      maxTokens: 100,
      stopSequences: ['END'],
      tools: [{ name: 'get_weather', description: 'Weather by city', inputSchema: { type: 'object' } }],
      thinking: false,
      messages: [
        { role: 'user', content: [{ kind: 'text', text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ kind: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        {
          role: 'user',
          content: [
            { kind: 'tool_result', toolUseId: 'toolu_1', text: '18 °C', isError: false },
            { kind: 'text', text: 'And now?' },
          ],
        },
      ],
    });
  });
});
