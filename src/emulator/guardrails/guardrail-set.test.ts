import { describe, expect, it } from 'vitest';
import { checkGuardrails } from './guardrail-set.ts';

const base = { blockedInputMessaging: 'No.', blockedOutputsMessaging: 'No.' };

describe('checkGuardrails', () => {
  it('finds a guardrail by id or ARN and version; DRAFT unless versions say', () => {
    const result = checkGuardrails({ guardrails: [{ id: 'support1', ...base }, { id: 'support1', versions: [1, '2'], ...base, blockedInputMessaging: 'Versioned.' }] }, 'g.yaml');
    if (result.kind !== 'ok') throw new Error(String(result.problems));
    const { guardrails } = result;
    expect(guardrails.find('support1', 'DRAFT')).toMatchObject({ kind: 'found', id: 'support1', version: 'DRAFT' });
    expect(guardrails.find('arn:aws:bedrock:us-east-1:123456789012:guardrail/support1', '2')).toMatchObject({ kind: 'found', guardrail: { blockedInputMessaging: 'Versioned.' } });
    expect(guardrails.find('support1', '3')).toEqual({ kind: 'not-found' });
    expect(guardrails.find('other', 'DRAFT')).toEqual({ kind: 'not-found' });
    expect(guardrails.find('Not An Id!', 'DRAFT')).toEqual({ kind: 'invalid-identifier' });
  });

  it('refuses a blank keyword or word: it would match everything', () => {
    const result = checkGuardrails([{ id: 'blank1', ...base, topicPolicy: { topics: [{ name: 'Any', definition: 'Anything.', keywords: [' '] }] }, wordPolicy: { words: ['\t'] } }], 'g.yaml');
    expect(result.kind === 'problems' ? result.problems.map(String) : []).toEqual([
      expect.stringContaining('topicPolicy.topics[0].keywords[0]'),
      expect.stringContaining('wordPolicy.words[0]'),
    ]);
  });

  it('reports every problem with its field', () => {
    const result = checkGuardrails(
      [
        { id: 'Bad-Id', ...base },
        { id: 'ok1', ...base, sensitiveInformationPolicy: { piiEntities: [{ type: 'NAME', action: 'BLOCK' }], regexes: [{ name: 'r', pattern: '(', action: 'BLOCK' }] } },
        { id: 'ok2', blockedInputMessaging: 'No.', contentPolicy: { filters: [{ type: 'GORE', inputStrength: 'HIGH', outputStrength: 'HIGH' }] }, extra: true },
      ],
      'g.yaml',
    );
    expect(result.kind).toBe('problems');
    const lines = result.kind === 'problems' ? result.problems.map(String) : [];
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^g\.yaml: \[0\]\.id: a guardrail id is lowercase letters and digits/),
        expect.stringMatching(/^g\.yaml: \[1\]\.sensitiveInformationPolicy\.piiEntities\[0\]\.type: the emulator detects these PII types by pattern: EMAIL, .*got "NAME"/),
        expect.stringMatching(/^g\.yaml: \[1\]\.sensitiveInformationPolicy\.regexes\[0\]\.pattern: not a regular expression the emulator can run: error parsing regexp: missing closing \)/),
        expect.stringMatching(/^g\.yaml: \[2\]\.blockedOutputsMessaging: required field is missing/),
        expect.stringMatching(/^g\.yaml: \[2\]\.contentPolicy\.filters\[0\]\.type: expected one of "HATE"/),
        expect.stringMatching(/^g\.yaml: \[2\]: .*extra/),
      ]),
    );
  });

  it('refuses one id and version defined twice', () => {
    const result = checkGuardrails([{ id: 'dup', ...base }, { id: 'dup', versions: ['DRAFT'], ...base }], 'g.json');
    expect(result.kind === 'problems' ? result.problems.map(String) : []).toEqual(['g.json: [1].versions: guardrail "dup" version DRAFT is defined twice: give each definition its own versions']);
  });
});
