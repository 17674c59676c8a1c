import type { ModelFamily } from '../model-family.ts';
import { parseAnthropicRequest } from './parse-request.ts';
import { renderAnthropicMessage, renderAnthropicStream } from './render.ts';

/**
 * Anthropic Claude on Bedrock, Messages API bodies. Claude streams a few
 * tokens per delta.
 */
export const anthropicFamily: ModelFamily = {
  provider: 'anthropic',
  defaultChunking: { by: 'tokens', min: 1, max: 4 },
  parseInvokeBody: parseAnthropicRequest,
  renderStreamEvents: renderAnthropicStream,
  renderInvokeBody: renderAnthropicMessage,
};
