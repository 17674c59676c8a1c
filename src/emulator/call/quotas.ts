import { z } from 'zod';
import { compileGlob } from '../../core/fixtures/glob.ts';
import type { Clock } from '../../core/playback/clock.ts';

/**
 * Per-model quotas like Bedrock's on-demand ones: requests per minute, tokens
 * per minute and concurrent calls. The first rule whose glob matches the
 * model's base id applies.
 */
const quotaRuleSchema = z.strictObject({
  model: z.string().min(1).default('*').describe('Glob on the base model id (default: every model).'),
  requestsPerMinute: z.int().min(1).optional(),
  tokensPerMinute: z.int().min(1).optional().describe('Input plus output tokens in any 60 s.'),
  concurrentRequests: z.int().min(1).optional().describe('Calls (streams included) under way at once.'),
});

export const quotaFileSchema = z.union([z.array(quotaRuleSchema), z.strictObject({ quotas: z.array(quotaRuleSchema) })]);

export type QuotaRule = z.input<typeof quotaRuleSchema>;

const windowMs = 60_000;

/** Bedrock's words when a quota is exceeded (ThrottlingException, HTTP 429). */
const quotaMessages = {
  requests: 'Too many requests, please wait before trying again.',
  tokens: 'Too many tokens, please wait before trying again.',
  concurrent: 'Too many concurrent requests, please wait before trying again.',
} as const;

type RuleState = {
  readonly rule: z.output<typeof quotaRuleSchema>;
  readonly pattern: { test(text: string): boolean };
  requests: number[];
  tokens: { at: number; count: number }[];
  active: number;
};

/** A call admitted under a quota: tell it the tokens the call used, and when it is over. */
export type Admission = { readonly kind: 'admitted'; recordTokens(count: number): void; release(): void };

/** A call over quota: Bedrock answers it with a ThrottlingException saying which quota. */
type Throttled = { readonly kind: 'throttled'; readonly message: string };

const unlimited: Admission = { kind: 'admitted', recordTokens: () => undefined, release: () => undefined };

/**
 * Tracks usage against the rules over a sliding 60-second window on the
 * injected clock (so tests need not wait a minute).
 *
 * @example
 * const admission = quotas.admit('anthropic.claude-3-5-haiku-20241022-v1:0', 12); // { kind: 'throttled', message } when over
 */
export function createQuotas(rules: readonly QuotaRule[], clock: Clock) {
  const states: RuleState[] = rules.map((input) => {
    const rule = quotaRuleSchema.parse(input);
    return { rule, pattern: compileGlob(rule.model), requests: [], tokens: [], active: 0 };
  });
  return {
    admit(modelId: string, inputTokens: number): Admission | Throttled {
      const state = states.find((candidate) => candidate.pattern.test(modelId));
      if (state === undefined) return unlimited;
      const now = clock.now();
      state.requests = state.requests.filter((at) => at > now - windowMs);
      state.tokens = state.tokens.filter((entry) => entry.at > now - windowMs);
      const { requestsPerMinute, tokensPerMinute, concurrentRequests } = state.rule;
      if (concurrentRequests !== undefined && state.active >= concurrentRequests) return throttled(quotaMessages.concurrent);
      if (requestsPerMinute !== undefined && state.requests.length >= requestsPerMinute) return throttled(quotaMessages.requests);
      const usedTokens = state.tokens.reduce((total, entry) => total + entry.count, 0);
      if (tokensPerMinute !== undefined && usedTokens + inputTokens > tokensPerMinute) return throttled(quotaMessages.tokens);
      state.requests.push(now);
      state.active += 1;
      let released = false;
      return {
        kind: 'admitted',
        recordTokens: (count) => {
          state.tokens.push({ at: clock.now(), count });
        },
        release: () => {
          if (released) return;
          released = true;
          state.active -= 1;
        },
      };
    },
  };
}

export type Quotas = ReturnType<typeof createQuotas>;

const throttled = (message: string): Throttled => ({ kind: 'throttled', message });
