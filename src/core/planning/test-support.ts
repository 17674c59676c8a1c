import { defineFixtures } from '../fixtures/parse-fixtures.ts';
import { requestWith } from '../fixtures/test-support.ts';
import { planResponse, type ResponsePlan } from './plan-response.ts';

/**
 * A plan holding every stream variant some families cannot say (redacted
 * reasoning, a cited text, a model's tool result, an image) between two texts,
 * for the unit tests of those families' renderers: each leaves those blocks
 * out, keeps a cited text as plain text, and never fails
 * (docs/stream-variants.md). Its texts join to "Blue. Done.".
 *
 * @example
 * renderChatStream(planWithEveryVariant(), identity, options)
 */
export function planWithEveryVariant(): ResponsePlan {
  const [variants] = defineFixtures([
    {
      response: {
        content: [
          { redactedReasoning: 'AAEC' },
          { text: 'Blue.', citations: [{ document: 0, quote: 'sky is blue' }] },
          { toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'ok' }] } },
          { image: { format: 'png', data: 'iVBORw==' } },
          { text: ' Done.' },
        ],
      },
    },
  ]);
  const request = { ...requestWith(), documents: [{ index: 0, title: 'Facts', citations: true, source: { kind: 'text', text: 'The sky is blue.' } } as const] };
  return planResponse({ request, fixture: variants, defaultText: '', defaultChunking: { by: 'characters', min: 50, max: 50 }, timeScale: 1, includeReasoning: true });
}
