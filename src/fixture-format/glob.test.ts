import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.ts';
import { compilePattern } from './text-pattern.ts';

describe('compileGlob', () => {
  it('matches * (any run), ? (one character) and the rest literally', () => {
    const glob = compileGlob('anthropic.claude-*');
    expect(glob.test('anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(true);
    expect(glob.test('anthropicXclaude-3')).toBe(false);
    expect(compileGlob('*haiku*').test('us.anthropic.claude-3-5-haiku-v1:0')).toBe(true);
    expect(compileGlob('a?c').test('abc')).toBe(true);
    expect(compileGlob('a?c').test('ac')).toBe(false);
    expect(compileGlob('*').test('')).toBe(true);
    expect(compileGlob('a*b*c').test('aXbYbZc')).toBe(true);
    expect(compileGlob('a*b*c').test('aXbYbZ')).toBe(false);
  });

  it('answers at once the globs that froze a backtracking matcher', () => {
    const id = 'a'.repeat(60);
    const startedAt = performance.now();
    expect(compileGlob('*a*a*a*a*a*a*a*b').test(id)).toBe(false);
    expect(compileGlob(`${'*'.repeat(500)}b`).test(id)).toBe(false);
    // Generous: each is a few thousand steps; a backtracking matcher took 26 s and forever.
    expect(performance.now() - startedAt).toBeLessThan(500);
  });
});

describe('compilePattern', () => {
  it('runs in linear time: (a+)+$ against a long line answers at once', () => {
    const startedAt = performance.now();
    expect(compilePattern('(a+)+$').test(`${'a'.repeat(28)}!`)).toBe(false);
    expect(compilePattern('(a+)+$').test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it('takes the JavaScript flags that change a match', () => {
    expect(compilePattern('^(hi|hello)\\b', 'i').test('Hello there')).toBe(true);
    expect(compilePattern('^b', 'm').test('a\nb')).toBe(true);
    expect(compilePattern('^b').test('a\nb')).toBe(false);
    expect(compilePattern('a.b', 's').test('a\nb')).toBe(true);
  });
});
