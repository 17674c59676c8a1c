import type { ResponsePlan } from '../planning/plan-response.ts';

/**
 * What Bedrock adds to the last chunk of every family's stream (REFERENCE §4):
 * the token counts and the latencies, in whole ms.
 *
 * @example
 * { ...lastChunk, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) }
 */
export function invocationMetrics(plan: ResponsePlan): { inputTokenCount: number; outputTokenCount: number; invocationLatency: number; firstByteLatency: number } {
  return {
    inputTokenCount: plan.usage.inputTokens,
    outputTokenCount: plan.usage.outputTokens,
    invocationLatency: Math.round(plan.endAtMs),
    firstByteLatency: Math.round(plan.firstTokenAtMs),
  };
}

/** The deltas of a plan's text blocks, in order: what a text-only family streams. At least one (empty) delta, at the end. */
export function textDeltas(plan: ResponsePlan): { text: string; atMs: number }[] {
  const deltas = plan.blocks.flatMap((block) => (block.kind === 'text' ? block.deltas.map((delta) => ({ text: delta.text, atMs: delta.atMs })) : []));
  return deltas.length > 0 ? deltas : [{ text: '', atMs: plan.endAtMs }];
}
