import type { GuardrailDefinition } from '../../src/emulator/guardrails/guardrail-schema.ts';

/** A guardrail with every kind of policy, for the end-to-end tests. */
export const supportGuardrail: GuardrailDefinition = {
  id: 'support1',
  versions: ['DRAFT', 1],
  blockedInputMessaging: 'Sorry, I cannot help with that request.',
  blockedOutputsMessaging: 'Sorry, the answer was withheld.',
  topicPolicy: { topics: [{ name: 'Investment advice', definition: 'Recommendations on investing money.', keywords: ['stock tips', 'buy bitcoin'] }] },
  contentPolicy: {
    filters: [
      { type: 'VIOLENCE', inputStrength: 'HIGH', outputStrength: 'HIGH' },
      { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
    ],
  },
  wordPolicy: { words: ['project falcon'], managedWordLists: [{ type: 'PROFANITY' }] },
  sensitiveInformationPolicy: {
    piiEntities: [
      { type: 'EMAIL', action: 'ANONYMIZE' },
      { type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCK' },
    ],
    regexes: [{ name: 'ORDER_ID', pattern: 'ORD-\\d{6}', action: 'ANONYMIZE' }],
  },
};

/** Fixtures whose answers trip the guardrail's output side (or not). */
export const guardedFixtures = [
  { name: 'weather', match: { lastUserMessage: { contains: 'weather' } }, response: { text: ['It is ', 'sunny ', 'and ', 'warm.'] }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 5 } },
  { name: 'sees-masked-email', match: { lastUserMessage: { contains: '{EMAIL}' } }, response: { text: 'I see an address, masked.' }, timing: 'instant' },
  { name: 'violent', match: { lastUserMessage: { contains: 'mystery' } }, response: { text: ['The butler ', 'planned a ', 'murder ', 'in the ', 'library.'] }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 5 } },
  { name: 'stated-violence', match: { lastUserMessage: { contains: 'opinion' } }, response: { text: 'An answer the guardrail is told is violent.', guardrail: { contentFilters: { VIOLENCE: 'HIGH' } } }, timing: 'instant' },
  { name: 'leaks-email', match: { lastUserMessage: { contains: 'contact' } }, response: { text: 'Write to help@example.com about ORD-123456.' }, timing: 'instant' },
];
