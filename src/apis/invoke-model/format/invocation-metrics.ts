import type { ResponsePlan } from '../../../core/planning/plan-response.ts';

/**
 * What Bedrock adds to the last chunk of every family's stream (docs/protocol/model-families.md#invocation-metrics):
 * the token counts and the latencies, in whole ms.
 *
 * @example
 * { ...lastChunk, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) }
 */
export function invocationMetrics(plan: ResponsePlan): InvocationMetrics {
  const { cache } = plan.usage;
  return {
    inputTokenCount: plan.usage.inputTokens,
    outputTokenCount: plan.usage.outputTokens,
    invocationLatency: Math.round(plan.endAtMs),
    firstByteLatency: Math.round(plan.firstTokenAtMs),
    // The prompt cache's counts, when the request used it.
    ...(cache === undefined ? {} : { cacheReadInputTokenCount: cache.readTokens, cacheWriteInputTokenCount: cache.writeTokens }),
  };
}

export type InvocationMetrics = {
  readonly inputTokenCount: number;
  readonly outputTokenCount: number;
  readonly invocationLatency: number;
  readonly firstByteLatency: number;
  readonly cacheReadInputTokenCount?: number;
  readonly cacheWriteInputTokenCount?: number;
};

/** The deltas of a plan's text blocks, in order: what a text-only family streams. At least one (empty) delta, at the end. */
export function textDeltas(plan: ResponsePlan): { text: string; atMs: number }[] {
  const deltas = plan.blocks.flatMap((block) => (block.kind === 'text' ? block.deltas.map((delta) => ({ text: delta.text, atMs: delta.atMs })) : []));
  return deltas.length > 0 ? deltas : [{ text: '', atMs: plan.endAtMs }];
}
