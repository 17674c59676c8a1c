import { describe, expect, it } from 'vitest';
import { createCachePrefixBuilder, createPromptCache, type CachePrefix, type CacheRules } from './prompt-cache.ts';
import { flatCounting } from './estimate-tokens.ts';

const claude: CacheRules = { minimumTokens: 100, lookbackBlocks: 20 };
const nova: CacheRules = { minimumTokens: 100, lookbackBlocks: 0 };
const model = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const long = (word: string, count: number): string => Array.from({ length: count }, () => word).join(' ');
const minute = 60_000;

/** A system prompt of `systemWords` tokens, then the turns, with breakpoints where asked. */
function prompt(parts: readonly (string | { readonly breakpoint: '5m' | '1h' | undefined })[]): CachePrefix {
  const builder = createCachePrefixBuilder(flatCounting);
  for (const part of parts) {
    if (typeof part === 'string') builder.content('user', { kind: 'text', text: part });
    else builder.breakpoint(part.breakpoint);
  }
  const prefix = builder.build();
  if (prefix === undefined) throw new Error('no breakpoint');
  return prefix;
}

describe('createCachePrefixBuilder', () => {
  it('counts tokens block by block, as the input estimate does', () => {
    const builder = createCachePrefixBuilder(flatCounting);
    builder.tool({ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } });
    builder.system('You are terse.');
    builder.breakpoint(undefined);
    builder.content('user', { kind: 'text', text: 'Hello there' });
    const prefix = builder.build();
    expect(prefix?.boundaries.map((boundary) => boundary.tokens)).toEqual([13, 17, 19]);
    expect(prefix?.breakpoints).toEqual([{ boundary: 1, ttl: '5m' }]);
  });

  it('gives the same keys to the same prompt, and different keys once a block differs', () => {
    const a = prompt([long('alpha', 50), { breakpoint: '5m' }, 'question one']);
    const b = prompt([long('alpha', 50), { breakpoint: '5m' }, 'question two']);
    const c = prompt([long('alphas', 50), { breakpoint: '5m' }, 'question one']);
    expect(b.boundaries[0]?.key).toBe(a.boundaries[0]?.key);
    expect(b.boundaries[1]?.key).not.toBe(a.boundaries[1]?.key);
    expect(c.boundaries[0]?.key).not.toBe(a.boundaries[0]?.key);
  });

  it('builds nothing without a breakpoint, and ignores one before any block', () => {
    const builder = createCachePrefixBuilder(flatCounting);
    builder.breakpoint('5m');
    builder.content('user', { kind: 'text', text: 'Hi' });
    expect(builder.build()).toBeUndefined();
  });
});

describe('createPromptCache', () => {
  it('writes a long enough prefix once, then reads it, and refreshes it on every read', () => {
    const cache = createPromptCache();
    const request = prompt([long('context', 150), { breakpoint: undefined }, 'What is it?']);
    expect(cache.use(model, request, claude, 0)).toEqual({ readTokens: 0, writeTokens: 150, writeTokensByTtl: { '5m': 150, '1h': 0 } });
    expect(cache.use(model, request, claude, 4 * minute)).toEqual({ readTokens: 150, writeTokens: 0, writeTokensByTtl: { '5m': 0, '1h': 0 } });
    // Read at 4 min, so it lives until 9 min.
    expect(cache.use(model, request, claude, 8 * minute).readTokens).toBe(150);
    expect(cache.use(model, request, claude, 13 * minute + 1).readTokens).toBe(0);
  });

  it('does not write a prefix shorter than the model minimum', () => {
    const cache = createPromptCache();
    const request = prompt([long('short', 40), { breakpoint: '5m' }]);
    expect(cache.use(model, request, claude, 0).writeTokens).toBe(0);
    expect(cache.use(model, request, claude, 1).readTokens).toBe(0);
  });

  it('keeps a 1h entry for an hour, splits writes by TTL and reads the longest cached prefix', () => {
    const cache = createPromptCache();
    const first = prompt([long('tools', 120), { breakpoint: '1h' }, long('history', 130), { breakpoint: '5m' }]);
    expect(cache.use(model, first, claude, 0)).toEqual({ readTokens: 0, writeTokens: 250, writeTokensByTtl: { '5m': 130, '1h': 120 } });
    expect(cache.use(model, first, claude, 2 * minute)).toMatchObject({ readTokens: 250, writeTokens: 0 });
    // The 5m entry (refreshed at 2 min) is gone by 8 min; the 1h one is still there, and the rest is written again.
    expect(cache.use(model, first, claude, 8 * minute)).toEqual({ readTokens: 120, writeTokens: 130, writeTokensByTtl: { '5m': 130, '1h': 0 } });
  });

  it("finds an earlier breakpoint's entry up to 20 blocks back (Claude), or only at a breakpoint (Nova)", () => {
    const turn1 = [long('document', 120), 'first question', { breakpoint: undefined }] as const;
    const turn2 = [long('document', 120), 'first question', 'first answer', 'second question', { breakpoint: undefined }] as const;
    const claudeCache = createPromptCache();
    claudeCache.use(model, prompt(turn1), claude, 0);
    expect(claudeCache.use(model, prompt(turn2), claude, 1)).toMatchObject({ readTokens: 122, writeTokens: 4 });
    const novaCache = createPromptCache();
    novaCache.use('amazon.nova-pro-v1:0', prompt(turn1), nova, 0);
    expect(novaCache.use('amazon.nova-pro-v1:0', prompt(turn2), nova, 1)).toMatchObject({ readTokens: 0, writeTokens: 126 });
  });

  it('keeps each model its own cache, forgets everything on clear, and holds at most its capacity', () => {
    const cache = createPromptCache(2);
    const request = (word: string): CachePrefix => prompt([long(word, 120), { breakpoint: undefined }]);
    cache.use(model, request('one'), claude, 0);
    expect(cache.use('anthropic.claude-opus-4-20250514-v1:0', request('one'), claude, 1).readTokens).toBe(0);
    cache.use(model, request('two'), claude, 2);
    expect(cache.use(model, request('one'), claude, 3).readTokens).toBe(0);
    cache.clear();
    expect(cache.use(model, request('two'), claude, 4).readTokens).toBe(0);
  });
});
