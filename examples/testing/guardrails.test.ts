// Recipe: a guardrail in a test, defined in code (the same shape as a --guardrails file).
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, expect, it } from 'vitest';
import { useBedrockEmulator } from 'bedrock-emulator/vitest';

useBedrockEmulator({
  fixtures: [{ match: { lastUserMessage: 'refund' }, response: { text: 'Refunds take 5 days.' }, timing: 'instant' }],
  guardrails: [
    {
      id: 'shop1',
      blockedInputMessaging: 'I can only help with orders.',
      blockedOutputsMessaging: 'That answer was withheld.',
      topicPolicy: { topics: [{ name: 'Medical advice', definition: 'Diagnoses and treatments.', keywords: ['diagnose', 'prescription'] }] },
    },
  ],
});

const client = new BedrockRuntimeClient({});
afterAll(() => client.destroy());
const ask = (text: string) =>
  client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text }] }], guardrailConfig: { guardrailIdentifier: 'shop1', guardrailVersion: 'DRAFT' } }));

it('answers what the guardrail allows, and blocks a denied topic', async () => {
  expect((await ask('How long does a refund take?')).output?.message?.content).toEqual([{ text: 'Refunds take 5 days.' }]);
  const blocked = await ask('Can you diagnose my rash?');
  expect(blocked.stopReason).toBe('guardrail_intervened');
  expect(blocked.output?.message?.content).toEqual([{ text: 'I can only help with orders.' }]);
});
