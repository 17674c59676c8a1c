import { describe, expect, it } from 'vitest';
import { jsonDepth } from './json-depth.ts';

describe('jsonDepth', () => {
  it('counts nesting outside strings, escapes included', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[[1]]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{\\\\"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonDepth(String.raw`{"a":"x\\","b":[[1]]}`)).toBe(3);
    expect(jsonDepth(String.raw`{"a":"\\\"[[","b":[1]}`)).toBe(2);
    expect(jsonDepth(String.raw`["\\\\",["\"]"]]`)).toBe(2);
    expect(jsonDepth('["unclosed [[[')).toBe(1);
  });

  it('reads 20,000 levels without recursing', () => {
    expect(jsonDepth(`${'['.repeat(20_000)}${']'.repeat(20_000)}`)).toBe(20_000);
  });
});
