import type { Hono } from 'hono';
import { apis } from '../../apis/registry.ts';
import { chatModelOf, parseChatCompletionsRequest } from '../../apis/chat-completions/chat-request.ts';
import { encodeSseData, encodeSseEvent, openAIErrorBody, responsesErrorEvent } from '../../apis/chat-completions/openai-errors.ts';
import { joinResponse, newResponseIdentity, renderResponsesStream, type ResponsesEvent } from '../../apis/responses/render-responses.ts';
import { parseResponsesRequest } from '../../apis/responses/responses-request.ts';
import { joinChatCompletion, newChatIdentity, renderChatStream, type ChatStreamEvent } from '../../apis/chat-completions/render-chat.ts';
import { open, openBodyCall, reportParsed, settleFailed } from '../call/call-steps.ts';
import type { EmulatorEnv } from '../call/emulator-env.ts';
import type { EmulatorState } from '../call/emulator-state.ts';
import { planCall } from '../call/plan-call.ts';
import { respondPlan, respondRejected, type ResponseSurface } from '../call/respond.ts';
import type { EncodeEvent } from '../call/kept-frames.ts';
import { epochMsOf } from '../../core/playback/clock.ts';

/** OpenAI's shapes: `{"error": {…}}` with Bedrock's status, and an `error` event that ends a stream. */
export const openAISurface: ResponseSurface = {
  renderError: (exception, requestId) =>
    new Response(JSON.stringify(openAIErrorBody(exception)), { status: exception.status, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId } }),
  exceptionFrame: (_type, exception) => encodeSseData(openAIErrorBody(exception)),
};

const encodeChatEvent: EncodeEvent<ChatStreamEvent> = (event) => encodeSseData(event);

/** The Responses API names its stream's error event too. */
const responsesSurface: ResponseSurface = { renderError: openAISurface.renderError, exceptionFrame: (_type, exception) => encodeSseEvent('error', responsesErrorEvent(exception)) };
const encodeResponsesEvent: EncodeEvent<ResponsesEvent> = (event) => encodeSseEvent(event.type, event);

/** Both OpenAI APIs: the model in the body; signatures for the runtime endpoint or Mantle. */
const openAICall = { services: ['bedrock', 'bedrock-mantle'] as const, modelOf: chatModelOf };

const sseHeaders = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' };

/**
 * Bedrock's OpenAI-compatible Chat Completions, on the runtime endpoint's
 * path (`/openai/v1/chat/completions`) and the Mantle endpoint's
 * (`/v1/chat/completions`): the same fixtures, planning and faults as every
 * other route, answered as a chat completion or its server-sent chunks.
 * Signatures may be scoped to `bedrock` or `bedrock-mantle`; API keys come
 * as bearer tokens.
 */
export function registerOpenAIRoutes(app: Hono<EmulatorEnv>, state: EmulatorState): void {
  for (const { path } of apis.chatCompletions.routes) {
    app.post(path, async (c) => {
      const call = open(c, state, 'ChatCompletions', '');
      try {
        const { body, target } = await openBodyCall(call, state, openAICall);
        const { request: parsed, options } = parseChatCompletionsRequest(body, target.model);
        const request = reportParsed(call, parsed, { withHeaders: true });
        const decision = await planCall(state, call, target, request);
        if (decision.kind === 'rejected') return await respondRejected(call, decision.atMs, decision.exception, openAISurface);
        const { plan } = decision;
        const identity = newChatIdentity(options.model, epochMsOf(state.options.clock));
        const rendered = { events: renderChatStream(plan, identity, { includeUsage: options.includeUsage, invokeModel: false }), encode: encodeChatEvent, join: () => joinChatCompletion(plan, identity) };
        return await respondPlan(call, state, plan, rendered, options.stream, options.stream ? sseHeaders : {}, openAISurface);
      } catch (error) {
        return openAISurface.renderError(settleFailed(call, error), call.id);
      }
    });
  }

  // The Responses API: on the runtime endpoint's OpenAI path and on Mantle's.
  for (const { path } of apis.responses.routes) {
    app.post(path, async (c) => {
      const call = open(c, state, 'Responses', '');
      try {
        const { body, target } = await openBodyCall(call, state, openAICall);
        const { request: parsed, options } = parseResponsesRequest(body, target.model);
        const request = reportParsed(call, parsed, { withHeaders: true });
        const decision = await planCall(state, call, target, request);
        if (decision.kind === 'rejected') return await respondRejected(call, decision.atMs, decision.exception, responsesSurface);
        const { plan } = decision;
        const events = renderResponsesStream(plan, newResponseIdentity(options.model, epochMsOf(state.options.clock), options.instructions, options.tools));
        return await respondPlan(call, state, plan, { events, encode: encodeResponsesEvent, join: () => joinResponse(events) }, options.stream, options.stream ? sseHeaders : {}, responsesSurface);
      } catch (error) {
        return responsesSurface.renderError(settleFailed(call, error), call.id);
      }
    });
  }
}
