import type { ModelFamily } from '../model-family.ts';
import { joinAnthropicMessage } from './join-message.ts';
import { parseAnthropicRequest } from './parse-request.ts';
import { renderAnthropicStream } from './render-stream.ts';

/**
 * Anthropic Claude on Bedrock, Messages API bodies. Claude streams a few
 * tokens per delta, thinks only when the request turns `thinking` on, and
 * is the family CountTokens serves.
 */
export const anthropicFamily: ModelFamily = {
  provider: 'anthropic',
  defaultChunking: { by: 'tokens', min: 1, max: 4 },
  sendsReasoning: (request) => request.thinking,
  countsTokens: true,
  invoke: {
    parseBody: parseAnthropicRequest,
    render: (plan, model) => {
      const events = renderAnthropicStream(plan, model);
      return { events, join: () => joinAnthropicMessage(events.map((timed) => timed.event)) };
    },
  },
};
