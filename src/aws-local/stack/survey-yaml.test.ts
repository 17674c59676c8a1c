import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countWrittenValues } from './count-written-values.ts';
import { surveyYaml } from './survey-yaml.ts';

function survey(text: string, limits = { maxValues: 1_000, maxDepth: 10 }) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  return surveyYaml(document.contents, limits, (offset) => (offset === undefined ? undefined : lineCounter.linePos(offset).line));
}

describe('countWrittenValues', () => {
  it.each([
    ['a: [b, "c"]\nd: *x\n', 6],
    ["a: { b: 'c', d: [] }\n", 6],
    ['- a\n- |\n  block\n- !Ref b\n', 3],
    ['# only a comment\n', 0],
  ])('counts %j as %i', (text, count) => {
    expect(countWrittenValues(text, 100)).toBe(count);
  });

  it('stops counting one past the limit', () => {
    expect(countWrittenValues(`[${Array.from({ length: 1_000 }, () => 'a').join(',')}]`, 10)).toBe(11);
  });
});

describe('surveyYaml', () => {
  it('counts values with each alias expanded, without expanding it', () => {
    const result = survey('a: &a [x, y]\nb: [*a, *a]\n');
    expect({ written: result.writtenValues, values: result.values, largest: result.largestAlias }).toEqual({ written: 9, values: 13, largest: { source: 'a', line: 2, values: 3 } });
  });

  it('resolves an alias to the last anchor of its name before it', () => {
    const result = survey('a: &x 1\nb: &x 2\nc: *x\nd: &x 3\n');
    const [target] = [...result.targets.values()];
    expect((target as { value: unknown } | undefined)?.value).toBe(2);
  });

  it('stops counting just past the limit however far the aliases reach', () => {
    const levels = ['l0: &l0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let level = 1; level <= 30; level++) levels.push(`l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
    expect(survey(levels.join('\n')).values).toBe(1_001);
  });

  it('finds the place where the aliases expanded nest too deep, and keys written twice', () => {
    expect(survey('a: &a [[[[[x]]]]]\nb:\n  - [[[[*a]]]]\n').tooDeep).toEqual({ line: 3 });
    expect(survey('a: &a [[[[[x]]]]]\nb: [*a]\n').tooDeep).toBeUndefined();
    expect(survey('a: 1\nb: 2\n1: x\n"1": y\nb: 3\n').duplicateKeyLines).toEqual([4, 5]);
  });
});
