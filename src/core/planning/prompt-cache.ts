/**
 * Prompt caching as Bedrock models it (docs/prompt-caching.md): a request
 * marks cache breakpoints in its prompt (Converse's `cachePoint` blocks,
 * Claude's `cache_control`); the prefix up to a breakpoint is written to the
 * cache when it is long enough, and a later request with the same prefix
 * within its TTL reads it instead. Pure: the time is passed in.
 */

import type { CachePrefix, CacheTtl, NormalizedContent, NormalizedMessage, NormalizedTool } from '../fixtures/request.ts';
import { contentTokens, toolTokens, type TokenCounting } from './estimate-tokens.ts';
import { countTokens } from './tokenize.ts';
import { hashText } from './hash-text.ts';

export type { CachePrefix, CacheTtl };

const ttlMs: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/** How a model caches: the fewest tokens a breakpoint's prefix must hold, and how far back a breakpoint looks for an earlier entry. */
export type CacheRules = {
  readonly minimumTokens: number;
  /** Claude checks up to 20 earlier block boundaries for a hit; Nova only the breakpoint itself. */
  readonly lookbackBlocks: number;
};

/** What a request read from and wrote to the cache, in tokens. */
export type CacheUsage = {
  readonly readTokens: number;
  readonly writeTokens: number;
  readonly writeTokensByTtl: Readonly<Record<CacheTtl, number>>;
};

/** The most breakpoints one request may set (Bedrock's and Anthropic's limit). */
export const maxCacheBreakpoints = 4;

/** Walks a prompt in cache order, block by block, marking breakpoints where the request sets them. */
type CachePrefixBuilder = {
  tool(tool: NormalizedTool): void;
  system(text: string): void;
  content(role: NormalizedMessage['role'], part: NormalizedContent): void;
  /** A breakpoint after the last block added (Bedrock's default TTL is 5 minutes). */
  breakpoint(ttl: CacheTtl | undefined): void;
  /** The prefix, or undefined when the request set no breakpoint. */
  build(): CachePrefix | undefined;
};

/**
 * Builds a request's `CachePrefix` as its parser walks the prompt in cache
 * order (tools, system, messages). Each block counts the tokens the input
 * estimate gives it by the model's `counting`, so the cache's figures add
 * up with `inputTokens`.
 *
 * @example
 * const builder = createCachePrefixBuilder(tokenCountingOf(model.base));
 * builder.system('You are terse.');
 * builder.breakpoint('5m');
 * builder.build(); // { boundaries: [{ key, tokens: 4 }], breakpoints: [{ boundary: 0, ttl: '5m' }] }
 */
export function createCachePrefixBuilder(counting: TokenCounting): CachePrefixBuilder {
  // Blocks are only noted as they come: most requests set no breakpoint, and pay nothing for the cache.
  const blocks: { readonly block: unknown; readonly tokens: () => number }[] = [];
  const breakpoints: { boundary: number; ttl: CacheTtl }[] = [];
  return {
    tool(tool) {
      blocks.push({ block: { tool }, tokens: () => toolTokens(tool) });
    },
    system(text) {
      blocks.push({ block: { system: text }, tokens: () => countTokens(text) });
    },
    content(role, part) {
      blocks.push({ block: { role, part }, tokens: () => contentTokens(part, counting) });
    },
    breakpoint(ttl) {
      // A breakpoint before any block caches nothing.
      if (blocks.length > 0) breakpoints.push({ boundary: blocks.length - 1, ttl: ttl ?? '5m' });
    },
    build() {
      if (breakpoints.length === 0) return undefined;
      let key = '';
      let tokens = 0;
      const boundaries = blocks.map(({ block, tokens: tokensOf }) => {
        key = hashText(key, '|', JSON.stringify(block) ?? '');
        tokens += tokensOf();
        return { key, tokens };
      });
      return { boundaries, breakpoints };
    },
  };
}

/** The cache of one emulator: entries by model and prefix key, each with when it expires. */
export type PromptCache = {
  /**
   * Reads the longest cached prefix the request's breakpoints reach (and
   * refreshes it), writes the longer prefixes of its breakpoints that hold at
   * least the minimum, and says how many tokens each took.
   */
  use(scope: string, prefix: CachePrefix, rules: CacheRules, nowMs: number): CacheUsage;
  /** The tokens `use` would read now, without reading or writing anything (quotas count the rest). */
  peekReadTokens(scope: string, prefix: CachePrefix, rules: CacheRules, nowMs: number): number;
  clear(): void;
};

/**
 * A prompt cache holding at most `capacity` entries (the oldest go first).
 *
 * @example
 * const cache = createPromptCache();
 * cache.use('anthropic.claude-sonnet-4-5-20250929-v1:0', prefix, rules, clock.now()).writeTokens // 1,500 the first time
 * cache.use('anthropic.claude-sonnet-4-5-20250929-v1:0', prefix, rules, clock.now()).readTokens  // 1,500 after
 */
export function createPromptCache(capacity = 10_000): PromptCache {
  const entries = new Map<string, { expiresAtMs: number; ttl: CacheTtl }>();
  const live = (key: string, nowMs: number): { expiresAtMs: number; ttl: CacheTtl } | undefined => {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAtMs <= nowMs) entries.delete(key);
    return entry !== undefined && entry.expiresAtMs > nowMs ? entry : undefined;
  };
  const store = (key: string, ttl: CacheTtl, nowMs: number): void => {
    entries.delete(key);
    entries.set(key, { expiresAtMs: nowMs + ttlMs[ttl], ttl });
    if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };
  /** The furthest boundary a breakpoint reaches (itself, or up to its lookback before it) that is in the cache. */
  const longestHit = (entryKey: (boundary: number) => string, prefix: CachePrefix, rules: CacheRules, nowMs: number): number | undefined => {
    let hit: number | undefined;
    for (const { boundary } of prefix.breakpoints) {
      for (let at = boundary; at >= Math.max(0, boundary - rules.lookbackBlocks); at -= 1) {
        if ((hit === undefined || at > hit) && live(entryKey(at), nowMs) !== undefined) hit = at;
      }
    }
    return hit;
  };
  const keyer = (scope: string, prefix: CachePrefix) => (boundary: number): string => `${scope}\u0000${prefix.boundaries[boundary]?.key ?? ''}`;
  return {
    peekReadTokens(scope, prefix, rules, nowMs) {
      const hit = longestHit(keyer(scope, prefix), prefix, rules, nowMs);
      return hit === undefined ? 0 : (prefix.boundaries[hit]?.tokens ?? 0);
    },
    use(scope, prefix, rules, nowMs) {
      const entryKey = keyer(scope, prefix);
      const hit = longestHit(entryKey, prefix, rules, nowMs);
      const readTokens = hit === undefined ? 0 : (prefix.boundaries[hit]?.tokens ?? 0);
      if (hit !== undefined) {
        const entry = live(entryKey(hit), nowMs);
        if (entry !== undefined) store(entryKey(hit), entry.ttl, nowMs);
      }
      const writeTokensByTtl = { '5m': 0, '1h': 0 };
      let cachedUpTo = readTokens;
      for (const { boundary, ttl } of [...prefix.breakpoints].sort((a, b) => a.boundary - b.boundary)) {
        const tokens = prefix.boundaries[boundary]?.tokens ?? 0;
        if (tokens < rules.minimumTokens || tokens <= cachedUpTo) continue;
        writeTokensByTtl[ttl] += tokens - cachedUpTo;
        cachedUpTo = tokens;
        store(entryKey(boundary), ttl, nowMs);
      }
      return { readTokens, writeTokens: writeTokensByTtl['5m'] + writeTokensByTtl['1h'], writeTokensByTtl };
    },
    clear: () => entries.clear(),
  };
}
