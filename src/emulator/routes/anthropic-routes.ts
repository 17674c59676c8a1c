import type { Hono } from 'hono';
import { routeFor } from '../../apis/registry.ts';
import { anthropicErrorBody, asBedrockClaudeBody, encodeNamedEvent, messagesModelOf, withoutBedrockMetrics } from '../../apis/anthropic-messages/messages-api.ts';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { joinAnthropicMessage } from '../../apis/invoke-model/claude/join-message.ts';
import { parseAnthropicRequest } from '../../apis/invoke-model/claude/parse-request.ts';
import { renderAnthropicStream } from '../../apis/invoke-model/claude/render-stream.ts';
import type { AnthropicStreamEvent } from '../../apis/invoke-model/claude/stream-events.ts';
import { countInputTokens } from '../../apis/invoke-model/format/token-counting.ts';
import type { Call } from '../call/call.ts';
import { open, openBodyCall, reportParsed, settleFailed } from '../call/call-steps.ts';
import type { EmulatorEnv } from '../call/emulator-env.ts';
import type { EmulatorState } from '../call/emulator-state.ts';
import { planCall } from '../call/plan-call.ts';
import { answerAtOnce, respondPlan, respondRejected, type ResponseSurface } from '../call/respond.ts';
import type { EncodeEvent } from '../call/kept-frames.ts';
import type { CallTarget } from '../../apis/invoke-model/families.ts';

/** Anthropic's shapes: `{"type": "error", "error": {…}}` with Bedrock's status, and an `error` event that ends a stream. */
export const anthropicSurface: ResponseSurface = {
  renderError: (exception, requestId) =>
    new Response(JSON.stringify(anthropicErrorBody(exception)), { status: exception.status, headers: { 'Content-Type': 'application/json', 'request-id': requestId, 'x-amzn-RequestId': requestId } }),
  exceptionFrame: (_type, exception) => encodeNamedEvent(anthropicErrorBody(exception)),
};

type MessagesEvent = AnthropicStreamEvent | { readonly type: 'message_stop' };
const encodeMessagesEvent: EncodeEvent<MessagesEvent> = (event) => encodeNamedEvent(event);

/**
 * Anthropic's Messages API as Bedrock's Mantle endpoint serves it
 * (`/anthropic/v1/messages`, and `/anthropic/v1/messages/count_tokens`):
 * Claude's events, from the same fixtures and plan as every route, as
 * named server-sent events or one message. The API key may come as
 * `x-api-key` (AWS's examples) or `Authorization: Bearer` (Anthropic's
 * Mantle client); signatures may be scoped to `bedrock-mantle`.
 */
export function registerAnthropicRoutes(app: Hono<EmulatorEnv>, state: EmulatorState): void {
  /** The steps both routes share: authenticate (a key may come as x-api-key), require the version, resolve a Claude model. */
  const begin = async (call: Call): Promise<{ body: Record<string, unknown>; target: CallTarget; version: string }> => {
    const version = call.headers['anthropic-version'];
    const { body, target } = await openBodyCall(call, state, {
      services: ['bedrock-mantle', 'bedrock'],
      modelOf: messagesModelOf,
      apiKeyHeader: 'x-api-key',
      afterAuthentication: () => {
        if (version === undefined || version === '') throw new BedrockException('ValidationException', 'anthropic-version: header is required');
      },
    });
    if (target.family.provider !== 'anthropic') throw new BedrockException('ValidationException', `model ${target.model.raw} isn't supported on this route: /anthropic/v1/messages serves Anthropic models.`);
    return { body: body as Record<string, unknown>, target, version: version ?? '' };
  };

  app.post(routeFor('AnthropicMessages', 'mantle').path, async (c) => {
    const call = open(c, state, 'AnthropicMessages', '');
    try {
      const { body, target, version } = await begin(call);
      const request = reportParsed(call, parseAnthropicRequest(asBedrockClaudeBody(body, version), 'AnthropicMessages', target.model), { withHeaders: true });
      const decision = await planCall(state, call, target, request);
      if (decision.kind === 'rejected') return await respondRejected(call, decision.atMs, decision.exception, anthropicSurface);
      const { plan } = decision;
      const events = renderAnthropicStream(plan, target.model);
      const rendered = {
        events: events.map((timed) => ({ ...timed, event: withoutBedrockMetrics(timed.event) })),
        encode: encodeMessagesEvent,
        join: () => joinAnthropicMessage(events.map((timed) => timed.event)),
      };
      const streams = body.stream === true;
      return await respondPlan(call, state, plan, rendered, streams, streams ? { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' } : { 'request-id': call.id }, anthropicSurface);
    } catch (error) {
      return anthropicSurface.renderError(settleFailed(call, error), call.id);
    }
  });

  app.post(routeFor('CountTokens', 'mantle').path, async (c) => {
    const call = open(c, state, 'CountTokens', '');
    try {
      const { body, target, version } = await begin(call);
      const request = reportParsed(call, parseAnthropicRequest(asBedrockClaudeBody({ max_tokens: 1, ...body }, version), 'CountTokens', target.model), { withHeaders: false });
      return answerAtOnce(call, { input_tokens: countInputTokens(request) }, { 'request-id': call.id });
    } catch (error) {
      return anthropicSurface.renderError(settleFailed(call, error), call.id);
    }
  });
}
