import { describe, expect, it } from 'vitest';
import { parseFixtures } from './parse-fixtures.ts';

const problemsOf = (content: unknown): string[] => parseFixtures(content, 'fixtures/f.json').problems.map(String);
const answer = (...content: unknown[]) => ({ response: { content } });

describe('the stream-variant content blocks', () => {
  it('accepts redactedReasoning, a cited text, toolResult after a toolUse (or with its id) and image', () => {
    expect(
      problemsOf(
        answer(
          { redactedReasoning: 'RW5jcnlwdGVk' },
          { text: 'Blue.', citations: [{ document: 0, quote: 'blue' }, { document: 'Manual', quote: 'Step', location: { page: { start: 1, end: 2 } } }] },
          { toolUse: { name: 'draw', input: {} } },
          { toolResult: { content: [{ text: 'ok' }, { json: [1] }], status: 'success' } },
          { toolResult: { toolUseId: 'tooluse_x', type: 'web', content: [{ text: 'ok' }] } },
          { image: { format: 'png', data: 'iVBORw==' } },
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    [answer({ redactedReasoning: 'not base64!' }), 'fixtures/f.json: response.content[0].redactedReasoning: expected the redacted reasoning as base64 text (A-Z, a-z, 0-9, +, /, padded with =), got "not base64!"'],
    [answer({ toolResult: { content: [{ text: 'x' }] } }), 'fixtures/f.json: response.content[0].toolResult.toolUseId: a toolResult needs a "toolUseId", or a toolUse block before it in the answer'],
    [answer({ text: 'x', citations: [{ document: 0 }] }), 'fixtures/f.json: response.content[0].citations[0].quote: required field is missing (expected a string)'],
    [answer({ image: { format: 'bmp', data: 'AAAA' } }), 'fixtures/f.json: response.content[0].image.format: expected one of "png", "jpeg", "gif", "webp", got "bmp"'],
    [
      answer({ text: 'x', citations: [{ document: 0, quote: 'q', location: { line: 1 } }] }),
      'fixtures/f.json: response.content[0].citations[0].location: expected {"char": {"start", "end"}}, {"page": {"start", "end"}} or {"chunk": {"start", "end"}}, got {"line":1}',
    ],
  ])('reports %j as %j', (content, message) => {
    expect(problemsOf(content)).toEqual([message]);
  });
});
