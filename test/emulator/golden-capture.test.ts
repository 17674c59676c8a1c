import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/create-emulator.ts';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { captureGolden, formatGolden, goldenCaptureFile } from '../support/golden-capture.ts';

/**
 * What users see, pinned: the golden capture (test/support/golden-capture.ts)
 * of these sources must equal test/samples/golden-capture.json, which was
 * made from the sources before they were regrouped into wings (commit
 * 609300c). Compared as text, so a reordered JSON key or event-stream
 * header counts as a change too.
 */
describe('the golden capture', () => {
  it('is unchanged: the same statuses, headers, decoded bodies and journal as the committed capture', async () => {
    const capture = formatGolden(await captureGolden(createEmulator, defineFixtures));
    expect(
      capture,
      'The wire or the journal changed: a response (status, headers, event-stream frames, server-sent events, JSON body) or a journal record differs from test/samples/golden-capture.json. ' +
        'If the change is a regression, fix the code. If it is meant, regenerate the file with `npm exec -- node scripts/write-golden-capture.ts` and say in the commit what users now see differently.',
    ).toBe(readFileSync(goldenCaptureFile, 'utf8'));
  });

  it('covers every operation: each route answers at least once, and the failures fail', async () => {
    const { exchanges, journal } = await captureGolden(createEmulator, defineFixtures);
    const records = journal as { operation: string; status: number }[];
    expect(new Set(records.map((record) => record.operation))).toEqual(
      new Set(['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream', 'CountTokens', 'ChatCompletions', 'Responses', 'AnthropicMessages', 'ApplyGuardrail']),
    );
    const statuses = (exchanges as { response: { status: number } }[]).map((exchange) => exchange.response.status);
    expect(new Set(statuses)).toEqual(new Set([200, 400, 404, 424, 429]));
  });
});
