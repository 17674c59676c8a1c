import { z } from 'zod';
import { malformedInput } from '../../errors/bedrock-exception.ts';
import { validateWithin } from '../../errors/validate-within.ts';
import type { StopReason } from '../../fixture-format/fixture-schema.ts';
import type { Operation, ParsedRequest } from '../../fixture-format/request.ts';
import type { ResponsePlan } from '../../planning/plan-response.ts';
import type { TimedEvent } from '../../planning/timeline.ts';
import { expandUnionIssues, formatValidationIssue } from '../format-validation-issue.ts';
import { invocationMetrics, textDeltas } from '../invocation-metrics.ts';
import type { InvokeFormat, ModelEvent } from '../model-family.ts';
import type { ModelId } from '../model-id.ts';
import { instConversation, llamaConversation, titanConversation, type PromptConversation } from './prompt-turns.ts';

/**
 * The families whose InvokeModel body is a prompt string and whose answer is
 * text (REFERENCE §4.2, §4.4, §4.5): Amazon Titan Text, Meta Llama, Mistral's
 * instruct models. The prompt's template is read back into turns, so
 * fixtures match the last user message as on every API; each delta of the
 * answer is one chunk, the last carrying the stop reason and Bedrock's
 * invocation metrics.
 */

function check<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = validateWithin(() => schema.safeParse(body));
  if (!result.success) {
    const [first] = expandUnionIssues(result.error.issues);
    throw malformedInput(first === undefined ? '#: invalid body' : formatValidationIssue(first, body));
  }
  return result.data;
}

function parsed(operation: Operation, model: ModelId, conversation: PromptConversation, maxTokens: number | undefined, stopSequences: readonly string[] | undefined): ParsedRequest {
  return { operation, model: { raw: model.raw, base: model.base }, system: conversation.system, messages: conversation.messages, maxTokens, stopSequences: stopSequences ?? [], tools: [], thinking: false };
}

/** Token counts as the answer streams: a share of the output per delta, the whole on the last. */
const runningTokens = (plan: ResponsePlan, index: number, count: number): number => Math.round((plan.usage.outputTokens * (index + 1)) / count);

/** One chunk per delta; the last one gets the ending fields and the metrics. */
function perDelta(plan: ResponsePlan, chunk: (text: string, index: number, last: boolean, count: number) => object): { events: TimedEvent<ModelEvent>[]; text: string } {
  const deltas = textDeltas(plan);
  const events = deltas.map((delta, index): TimedEvent<ModelEvent> => {
    const last = index === deltas.length - 1;
    const body = chunk(delta.text, index, last, deltas.length);
    return { atMs: last ? Math.max(delta.atMs, plan.endAtMs) : delta.atMs, event: last ? { ...body, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) } : body };
  });
  return { events, text: deltas.map((delta) => delta.text).join('') };
}

const stopOrLength = (reason: StopReason): 'stop' | 'length' => (reason === 'max_tokens' || reason === 'model_context_window_exceeded' ? 'length' : 'stop');

// Amazon Titan Text: {"inputText", "textGenerationConfig"?}.
const titanSchema = z.looseObject({
  inputText: z.string(),
  textGenerationConfig: z.looseObject({ maxTokenCount: z.int().min(1).optional(), stopSequences: z.array(z.string()).optional() }).optional(),
});

const titanCompletionReason = (reason: StopReason): string =>
  reason === 'max_tokens' || reason === 'model_context_window_exceeded' ? 'LENGTH' : reason === 'stop_sequence' ? 'STOP_CRITERIA_MET' : reason === 'content_filtered' || reason === 'guardrail_intervened' || reason === 'refusal' ? 'CONTENT_FILTERED' : 'FINISH';

export const titanTextFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    const titan = check(titanSchema, body);
    return parsed(operation, model, titanConversation(titan.inputText), titan.textGenerationConfig?.maxTokenCount, titan.textGenerationConfig?.stopSequences);
  },
  render(plan) {
    const completionReason = titanCompletionReason(plan.stopReason);
    const { events, text } = perDelta(plan, (outputText, index, last) => ({
      outputText,
      index: 0,
      totalOutputTextTokenCount: last ? plan.usage.outputTokens : null,
      completionReason: last ? completionReason : null,
      inputTextTokenCount: index === 0 ? plan.usage.inputTokens : null,
    }));
    return { events, join: () => ({ inputTextTokenCount: plan.usage.inputTokens, results: [{ tokenCount: plan.usage.outputTokens, outputText: text, completionReason }] }) };
  },
};

// Meta Llama: {"prompt", "max_gen_len"?, "temperature"?, "top_p"?, "images"?}.
const llamaSchema = z.looseObject({ prompt: z.string(), max_gen_len: z.int().min(1).optional() });

export const llamaFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    const llama = check(llamaSchema, body);
    return parsed(operation, model, llamaConversation(llama.prompt), llama.max_gen_len, []);
  },
  render(plan) {
    const stopReason = stopOrLength(plan.stopReason);
    const { events, text } = perDelta(plan, (generation, index, last, count) => ({
      generation,
      prompt_token_count: index === 0 ? plan.usage.inputTokens : null,
      generation_token_count: runningTokens(plan, index, count),
      stop_reason: last ? stopReason : null,
    }));
    return { events, join: () => ({ generation: text, prompt_token_count: plan.usage.inputTokens, generation_token_count: plan.usage.outputTokens, stop_reason: stopReason }) };
  },
};

// Mistral's instruct models: {"prompt", "max_tokens"?, "stop"?, "temperature"?, "top_p"?, "top_k"?}.
const mistralSchema = z.looseObject({ prompt: z.string(), max_tokens: z.int().min(1).optional(), stop: z.array(z.string()).optional() });

export const mistralPromptFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    const mistral = check(mistralSchema, body);
    return parsed(operation, model, instConversation(mistral.prompt), mistral.max_tokens, mistral.stop);
  },
  render(plan) {
    const stopReason = stopOrLength(plan.stopReason);
    const { events, text } = perDelta(plan, (chunkText, _index, last) => ({ outputs: [{ text: chunkText, stop_reason: last ? stopReason : null }] }));
    return { events, join: () => ({ outputs: [{ text, stop_reason: stopReason }] }) };
  },
};
