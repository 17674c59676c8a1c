import type { InvocationMetrics } from '../invocation-metrics.ts';

/**
 * The Messages API streaming events Claude sends on Bedrock (REFERENCE §4.1),
 * as far as the emulator sends them. Each becomes one `chunk` frame.
 */
export type AnthropicUsage = {
  readonly input_tokens: number;
  readonly cache_creation_input_tokens: number;
  readonly cache_read_input_tokens: number;
  /** The cache writes by TTL (as captured from Claude's stream on Bedrock; the whole body has it only when the cache was used). */
  readonly cache_creation?: { readonly ephemeral_5m_input_tokens: number; readonly ephemeral_1h_input_tokens: number };
  readonly output_tokens: number;
};

export type AnthropicContentBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: Readonly<Record<string, unknown>> };

export type AnthropicDelta =
  | { readonly type: 'text_delta'; readonly text: string }
  | { readonly type: 'thinking_delta'; readonly thinking: string }
  | { readonly type: 'signature_delta'; readonly signature: string }
  | { readonly type: 'input_json_delta'; readonly partial_json: string };

export type AnthropicStreamEvent =
  | {
      readonly type: 'message_start';
      readonly message: {
        readonly model: string;
        readonly id: string;
        readonly type: 'message';
        readonly role: 'assistant';
        readonly content: readonly never[];
        readonly stop_reason: null;
        readonly stop_sequence: null;
        readonly usage: AnthropicUsage;
      };
    }
  | { readonly type: 'content_block_start'; readonly index: number; readonly content_block: AnthropicContentBlock }
  | { readonly type: 'content_block_delta'; readonly index: number; readonly delta: AnthropicDelta }
  | { readonly type: 'content_block_stop'; readonly index: number }
  | {
      readonly type: 'message_delta';
      readonly delta: { readonly stop_reason: string; readonly stop_sequence: string | null };
      readonly usage: { readonly output_tokens: number };
    }
  | {
      readonly type: 'message_stop';
      readonly 'amazon-bedrock-invocationMetrics': InvocationMetrics;
    };

/** The InvokeModel (non-streaming) Messages body. */
export type AnthropicMessage = {
  readonly id: string;
  readonly type: 'message';
  readonly role: 'assistant';
  readonly model: string;
  readonly content: readonly AnthropicContentBlock[];
  readonly stop_reason: string | null;
  readonly stop_sequence: string | null;
  readonly usage: AnthropicUsage;
};
