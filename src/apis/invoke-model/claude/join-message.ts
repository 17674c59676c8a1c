import type { AnthropicCitation, AnthropicContentBlock, AnthropicMessage, AnthropicStreamEvent, AnthropicUsage } from './stream-events.ts';

type BlockDraft =
  | { type: 'text'; text: string; citations?: AnthropicCitation[] }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; json: string };

/**
 * The InvokeModel body Claude answers with: its whole stream joined into one
 * message, as Bedrock assembles it — the blocks with their deltas
 * concatenated (tool input parsed from its partial JSON), the stop reason and
 * usage from `message_delta`.
 *
 * @example
 * joinAnthropicMessage(renderAnthropicStream(plan, model).map((timed) => timed.event)).content
 */
export function joinAnthropicMessage(events: readonly AnthropicStreamEvent[]): AnthropicMessage {
  let id = '';
  let model = '';
  let inputUsage: Omit<AnthropicUsage, 'output_tokens'> = { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };
  let outputTokens = 0;
  let stopReason: string | null = null;
  let stopSequence: string | null = null;
  const blocks: BlockDraft[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message_start':
        ({ id, model } = event.message);
        inputUsage = withoutOutput(event.message.usage);
        break;
      case 'content_block_start':
        blocks[event.index] = draftOf(event.content_block);
        break;
      case 'content_block_delta':
        appendDelta(blocks[event.index], event.delta);
        break;
      case 'message_delta':
        stopReason = event.delta.stop_reason;
        stopSequence = event.delta.stop_sequence;
        outputTokens = event.usage.output_tokens;
        break;
      case 'content_block_stop':
      case 'message_stop':
        break;
    }
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: blocks.map(finishBlock),
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage: { ...inputUsage, output_tokens: outputTokens },
  };
}

function draftOf(block: AnthropicContentBlock): BlockDraft {
  switch (block.type) {
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, json: '' };
    case 'text':
      // A cited block starts with a (empty) citations list its citations_delta events fill.
      return block.citations === undefined ? { type: 'text', text: block.text } : { type: 'text', text: block.text, citations: [...block.citations] };
    default:
      return { ...block };
  }
}

function appendDelta(block: BlockDraft | undefined, delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta']): void {
  if (block === undefined) return;
  if (block.type === 'text' && delta.type === 'text_delta') block.text += delta.text;
  else if (block.type === 'text' && delta.type === 'citations_delta') (block.citations ??= []).push(delta.citation);
  else if (block.type === 'thinking' && delta.type === 'thinking_delta') block.thinking += delta.thinking;
  else if (block.type === 'thinking' && delta.type === 'signature_delta') block.signature = delta.signature;
  else if (block.type === 'tool_use' && delta.type === 'input_json_delta') block.json += delta.partial_json;
}

function finishBlock(block: BlockDraft): AnthropicContentBlock {
  if (block.type !== 'tool_use') return block;
  return { type: 'tool_use', id: block.id, name: block.name, input: block.json === '' ? {} : (JSON.parse(block.json) as Record<string, unknown>) };
}

/**
 * The input side of a usage: `message_start` says `output_tokens: 1`; the
 * body takes the final count from `message_delta`. The body names the cache
 * writes by TTL only when the prompt cache was in play (Bedrock's
 * non-streaming body has no `cache_creation` otherwise).
 */
function withoutOutput(usage: AnthropicUsage): Omit<AnthropicUsage, 'output_tokens'> {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, cache_creation } = usage;
  const cacheInPlay = cache_creation_input_tokens + cache_read_input_tokens > 0;
  return { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, ...(cacheInPlay && cache_creation !== undefined ? { cache_creation } : {}) };
}
