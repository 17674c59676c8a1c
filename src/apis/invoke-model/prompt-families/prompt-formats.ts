import { z } from 'zod';
import type { StopReason } from '../../../core/fixtures/fixture-schema.ts';
import type { Operation, ParsedRequest } from '../../../core/fixtures/request.ts';
import { deltasText, type ResponsePlan } from '../../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../../core/planning/timeline.ts';
import { checkBody } from '../format/check-body.ts';
import { invocationMetrics, textDeltas } from '../format/invocation-metrics.ts';
import type { InvokeFormat, ModelEvent } from '../format/model-family.ts';
import type { ModelId } from '../../model-ids/model-id.ts';
import { deepseekConversation, instConversation, llamaConversation, titanConversation, type PromptConversation } from './prompt-turns.ts';
import type { NormalizedMessage } from '../../../core/fixtures/request.ts';

/**
 * The families whose InvokeModel body is a prompt string and whose answer is
 * text (docs/protocol/model-families.md#amazon-titan-text, docs/protocol/model-families.md#meta-llama, docs/protocol/model-families.md#mistral): Amazon Titan Text, Meta Llama, Mistral's
 * instruct models. The prompt's template is read back into turns, so
 * fixtures match the last user message as on every API; each delta of the
 * answer is one chunk, the last carrying the stop reason and Bedrock's
 * invocation metrics.
 */


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
  return { events, text: deltasText(deltas) };
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
    const titan = checkBody(titanSchema, body);
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
    const llama = checkBody(llamaSchema, body);
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
    const mistral = checkBody(mistralSchema, body);
    return parsed(operation, model, instConversation(mistral.prompt), mistral.max_tokens, mistral.stop);
  },
  render(plan) {
    const stopReason = stopOrLength(plan.stopReason);
    const { events, text } = perDelta(plan, (chunkText, _index, last) => ({ outputs: [{ text: chunkText, stop_reason: last ? stopReason : null }] }));
    return { events, join: () => ({ outputs: [{ text, stop_reason: stopReason }] }) };
  },
};

// DeepSeek R1: {"prompt", "max_tokens"?, "stop"?, "temperature"?, "top_p"?}; the reasoning opens the text and ends at </think>.
const deepseekSchema = z.looseObject({ prompt: z.string(), max_tokens: z.int().min(1).max(32768).optional(), stop: z.array(z.string()).max(10).optional() });

export const deepseekFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    const deepseek = checkBody(deepseekSchema, body);
    return { ...parsed(operation, model, deepseekConversation(deepseek.prompt), deepseek.max_tokens, deepseek.stop), thinking: true };
  },
  render(plan) {
    const stopReason = stopOrLength(plan.stopReason);
    // The prompt opened <think>: the reasoning comes first and </think> closes it, then the answer.
    const reasoning = plan.blocks.flatMap((block) => (block.kind === 'reasoning' ? block.deltas : []));
    const pieces = [...reasoning.map((delta, index) => ({ text: index === reasoning.length - 1 ? `${delta.text}\n</think>\n\n` : delta.text, atMs: delta.atMs })), ...textDeltas(plan).filter((delta) => delta.text !== '' || reasoning.length === 0)];
    const all = pieces.length > 0 ? pieces : [{ text: '', atMs: plan.endAtMs }];
    const events = all.map((delta, index): TimedEvent<ModelEvent> => {
      const last = index === all.length - 1;
      const chunk = { choices: [{ text: delta.text, stop_reason: last ? stopReason : null }] };
      return { atMs: last ? Math.max(delta.atMs, plan.endAtMs) : delta.atMs, event: last ? { ...chunk, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) } : chunk };
    });
    return { events, join: () => ({ choices: [{ text: all.map((delta) => delta.text).join(''), stop_reason: stopReason }] }) };
  },
};

// Cohere Command R/R+: {"message", "chat_history"?, "preamble"?, "max_tokens"?, "stop_sequences"?, …}; no "stream" key.
const cohereSchema = z.strictObject({
  message: z.string(),
  chat_history: z.array(z.looseObject({ role: z.enum(['USER', 'CHATBOT', 'SYSTEM', 'TOOL']), message: z.string().optional() })).optional(),
  preamble: z.string().optional(),
  max_tokens: z.int().min(1).optional(),
  stop_sequences: z.array(z.string()).optional(),
  documents: z.array(z.unknown()).optional(),
  search_queries_only: z.boolean().optional(),
  temperature: z.number().optional(),
  p: z.number().optional(),
  k: z.number().optional(),
  prompt_truncation: z.string().optional(),
  frequency_penalty: z.number().optional(),
  presence_penalty: z.number().optional(),
  seed: z.int().optional(),
  return_prompt: z.boolean().optional(),
  tools: z.array(z.unknown()).optional(),
  tool_results: z.array(z.unknown()).optional(),
  raw_prompting: z.boolean().optional(),
});

export const cohereChatFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    const cohere = checkBody(cohereSchema, body);
    const messages: NormalizedMessage[] = [];
    const system: string[] = cohere.preamble === undefined ? [] : [cohere.preamble];
    for (const entry of cohere.chat_history ?? []) {
      const text = entry.message ?? '';
      if (entry.role === 'SYSTEM') system.push(text);
      else if (entry.role === 'USER' || entry.role === 'CHATBOT') messages.push({ role: entry.role === 'USER' ? 'user' : 'assistant', content: [{ kind: 'text', text }] });
    }
    messages.push({ role: 'user', content: [{ kind: 'text', text: cohere.message }] });
    return parsed(operation, model, { system: system.join('\n'), messages }, cohere.max_tokens, cohere.stop_sequences);
  },
  render(plan) {
    const finishReason = plan.stopReason === 'max_tokens' || plan.stopReason === 'model_context_window_exceeded' ? 'MAX_TOKENS' : 'COMPLETE';
    const generationId = crypto.randomUUID();
    const deltas = textDeltas(plan);
    const text = deltasText(deltas);
    const whole = { response_id: crypto.randomUUID(), text, generation_id: generationId, finish_reason: finishReason };
    const events: TimedEvent<ModelEvent>[] = [
      { atMs: plan.firstTokenAtMs, event: { is_finished: false, event_type: 'stream-start', generation_id: generationId }, unique: true },
      ...deltas.filter((delta) => delta.text !== '').map((delta) => ({ atMs: delta.atMs, event: { is_finished: false, event_type: 'text-generation', text: delta.text } })),
      { atMs: plan.endAtMs, event: { is_finished: true, event_type: 'stream-end', response: whole, finish_reason: finishReason, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) }, unique: true },
    ];
    return { events, join: () => whole };
  },
};
