import { BedrockException, malformedInput } from '../../../core/errors/bedrock-exception.ts';
import { invocationMetrics } from '../format/invocation-metrics.ts';
import type { InvokeFormat } from '../format/model-family.ts';
import { parseChatCompletionsRequest } from '../../chat-completions/chat-request.ts';
import { joinChatCompletion, renderChatStream } from '../../chat-completions/render-chat.ts';

/**
 * OpenAI's models on InvokeModel (gpt-oss): a Chat Completions body, its
 * `model` optional (it must then be the URL's) and `stream` matching the
 * operation or left out; the answer a chat completion or its chunks, the
 * reasoning inline in `<reasoning>` tags, Bedrock's metrics on the last chunk.
 */
export const openAIInvokeFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw malformedInput('#: expected type: JSONObject');
    const chat = body as Record<string, unknown>;
    if (chat.model !== undefined && chat.model !== model.raw && chat.model !== model.base) {
      throw new BedrockException('ValidationException', `The model in the request body (${JSON.stringify(chat.model)}) does not match the model in the URL (${model.raw}).`);
    }
    const streams = operation === 'InvokeModelWithResponseStream';
    if (chat.stream !== undefined && chat.stream !== null && chat.stream !== streams) {
      throw new BedrockException('ValidationException', `stream must be ${String(streams)} on ${operation} (or left out).`);
    }
    const { request } = parseChatCompletionsRequest({ ...chat, model: model.raw, stream: undefined }, model);
    return { ...request, operation };
  },
  render(plan, model, epochMs) {
    const identity = { id: `chatcmpl-${crypto.randomUUID()}`, created: Math.floor(epochMs / 1000), model: model.raw };
    const style = { includeUsage: false, invokeModel: true, invocationMetrics };
    return { events: renderChatStream(plan, identity, style).flatMap((timed) => (timed.event === '[DONE]' ? [] : [{ ...timed, event: timed.event }])), join: () => joinChatCompletion(plan, identity, style) };
  },
};

/**
 * Mistral's chat models on InvokeModel (Mistral Large 2 and later, Pixtral):
 * OpenAI-style `messages` and `tools`; the answer `choices[].message` with a
 * `stop_reason`, streamed as one `message` per delta, the last with the stop
 * reason and Bedrock's metrics.
 */
export const mistralChatFormat: InvokeFormat = {
  parseBody(body, operation, model) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw malformedInput('#: expected type: JSONObject');
    if (!('messages' in body)) throw malformedInput('#: required key [messages] not found');
    const { request } = parseChatCompletionsRequest({ ...(body as Record<string, unknown>), model: model.raw, stream: undefined }, model);
    return { ...request, operation };
  },
  render(plan) {
    const identity = { id: crypto.randomUUID(), created: 0, model: '' };
    const completion = joinChatCompletion(plan, identity) as { choices: [{ message: Record<string, unknown>; finish_reason: string }] };
    const [choice] = completion.choices;
    const stopReason = choice.finish_reason;
    const message = { role: 'assistant', content: choice.message.content ?? '', ...(choice.message.tool_calls === undefined ? {} : { tool_calls: choice.message.tool_calls }) };
    const deltas = plan.blocks.flatMap((block) => (block.kind === 'text' ? block.deltas : []));
    const pieces = deltas.length > 0 ? deltas : [{ text: '', atMs: plan.endAtMs }];
    const events = pieces.map((delta, index) => {
      const last = index === pieces.length - 1;
      const chunk = { choices: [{ index: 0, message: { role: 'assistant', content: delta.text, ...(last && message.tool_calls !== undefined ? { tool_calls: message.tool_calls } : {}) }, stop_reason: last ? stopReason : null }] };
      return { atMs: last ? Math.max(delta.atMs, plan.endAtMs) : delta.atMs, event: last ? { ...chunk, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) } : chunk };
    });
    return { events, join: () => ({ id: identity.id, object: 'chat.completion', choices: [{ index: 0, message, stop_reason: stopReason }] }) };
  },
};
