import { describe, expect, it } from 'vitest';
import { applyPrompt } from './apply-prompt.ts';

const prompt = { promptId: 'TRIPPLAN01', version: undefined, text: 'Plan {{ days }} days in {{city}}.', system: 'You plan trips to {{city}}.', inferenceConfig: { maxTokens: 512 } };

describe('applyPrompt', () => {
  it("fills the prompt's variables and appends the request's messages after its turns", () => {
    const body = applyPrompt(
      {
        promptVariables: { city: { text: 'Paris' }, days: { text: '3' } },
        messages: [{ role: 'assistant', content: [{ text: 'Sure.' }] }],
        guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' },
      },
      prompt,
    );
    expect(body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Plan 3 days in Paris.' }] },
        { role: 'assistant', content: [{ text: 'Sure.' }] },
      ],
      system: [{ text: 'You plan trips to Paris.' }],
      inferenceConfig: { maxTokens: 512 },
      guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' },
    });
  });

  it('serves a chat template turn by turn', () => {
    const chat = { promptId: 'GREETING01', version: '1', messages: [{ role: 'user' as const, text: 'Hi, I am {{name}}.' }, { role: 'assistant' as const, text: 'Hello {{name}}!' }] };
    expect(applyPrompt({ promptVariables: { name: { text: 'Ada' } } }, chat).messages).toEqual([
      { role: 'user', content: [{ text: 'Hi, I am Ada.' }] },
      { role: 'assistant', content: [{ text: 'Hello Ada!' }] },
    ]);
  });

  it.each([
    [{ inferenceConfig: {} }, "can't include inferenceConfig"],
    [{ system: [], toolConfig: { tools: [] } }, "can't include system, toolConfig"],
    [{ additionalModelRequestFields: { top_k: 5 } }, "can't include additionalModelRequestFields"],
  ])('refuses %j: the prompt defines it', (body, message) => {
    expect(() => applyPrompt({ promptVariables: { city: { text: 'Rome' }, days: { text: '2' } }, ...body }, prompt)).toThrow(message);
  });

  it('names a variable without a value, and a value of the wrong shape', () => {
    expect(() => applyPrompt({ promptVariables: { city: { text: 'Rome' } } }, prompt)).toThrow('uses the variable {{days}}, but promptVariables gives it no value');
    expect(() => applyPrompt({ promptVariables: { city: 'Rome' } }, prompt)).toThrow('promptVariables.city must be {"text": "…"}');
  });
});
