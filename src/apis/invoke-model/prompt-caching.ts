import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { maxCacheBreakpoints, type CachePrefix, type CacheRules } from '../../core/planning/prompt-cache.ts';

/**
 * The models that cache prompts on Bedrock, with the fewest tokens a cache
 * breakpoint's prefix must hold (AWS's prompt-caching page and Anthropic's:
 * Claude Opus 4.5+ and Haiku 4.5 4,096; Sonnet 4.6 and Haiku 3.5 2,048; the
 * other Claude 3.7+ models 1,024). Nova's minimum (1,000) is inferred from
 * the page's "1K". First match wins.
 */
const cachingModels: readonly { readonly pattern: RegExp; readonly rules: CacheRules }[] = [
  { pattern: /^anthropic\.claude-(opus-4-[5-9]|haiku-4-5)/, rules: { minimumTokens: 4096, lookbackBlocks: 20 } },
  { pattern: /^anthropic\.claude-(sonnet-4-[6-9]|3-5-haiku)/, rules: { minimumTokens: 2048, lookbackBlocks: 20 } },
  { pattern: /^anthropic\.claude-(sonnet-4|opus-4|3-7-sonnet|3-5-sonnet-20241022)/, rules: { minimumTokens: 1024, lookbackBlocks: 20 } },
  { pattern: /^amazon\.nova-(micro|lite|pro|premier|2-)/, rules: { minimumTokens: 1000, lookbackBlocks: 0 } },
];

/**
 * How a model caches prompts, or undefined for one that does not.
 *
 * @example
 * cachingRulesOf('anthropic.claude-sonnet-4-5-20250929-v1:0') // { minimumTokens: 1024, lookbackBlocks: 20 }
 */
function cachingRulesOf(modelBase: string): CacheRules | undefined {
  return cachingModels.find((model) => model.pattern.test(modelBase))?.rules;
}

/**
 * The rules for a request that sets cache breakpoints, or Bedrock's
 * ValidationException: for a model that does not cache (its own words), or
 * for more breakpoints than a request may set (Anthropic's words; inferred
 * for Converse).
 *
 * @example
 * checkedCachingRules(request.cachePrefix, 'anthropic.claude-3-haiku-20240307-v1:0') // throws ValidationException
 */
export function checkedCachingRules(prefix: CachePrefix, modelBase: string): CacheRules {
  const rules = cachingRulesOf(modelBase);
  if (rules === undefined) {
    throw new BedrockException('ValidationException', 'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.');
  }
  if (prefix.breakpoints.length > maxCacheBreakpoints) {
    throw new BedrockException('ValidationException', `A maximum of ${maxCacheBreakpoints} blocks with cache_control may be provided. Found ${prefix.breakpoints.length}.`);
  }
  return rules;
}
