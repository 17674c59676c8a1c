import type { ModelFamily } from '../format/model-family.ts';
import { joinAnthropicMessage } from './join-message.ts';
import { parseAnthropicRequest } from './parse-request.ts';
import { renderAnthropicStream } from './render-stream.ts';

/**
 * Anthropic Claude on Bedrock, Messages API bodies. Claude streams a few
 * tokens per delta, thinks only when the request turns `thinking` on, and
 * is the family CountTokens serves: Claude 3.5 and later (the models AWS's
 * "Supported models and Regions for token counting" lists are 3.5 Haiku,
 * 3.5 Sonnet and v2, 3.7 Sonnet, Sonnet 4 and Opus 4; the 4.x models after
 * them are taken to count too). Claude 2, Instant and the Claude 3 models
 * before 3.5 are not listed.
 */
export const anthropicFamily: ModelFamily = {
  provider: 'anthropic',
  defaultChunking: { by: 'tokens', min: 1, max: 4 },
  sendsReasoning: (request) => request.thinking,
  countsTokens: (model) => /claude-3-[57]-|claude-(?:sonnet|opus|haiku)-[4-9]/.test(model.base),
  invoke: {
    parseBody: parseAnthropicRequest,
    render: (plan, model) => {
      const events = renderAnthropicStream(plan, model);
      return { events, join: () => joinAnthropicMessage(events.map((timed) => timed.event)) };
    },
  },
};
