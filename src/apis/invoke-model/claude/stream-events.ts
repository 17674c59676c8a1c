import type { InvocationMetrics } from '../format/invocation-metrics.ts';

/**
 * The Messages API streaming events Claude sends on Bedrock (docs/protocol/model-families.md#anthropic-claude),
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

/**
 * A citation as Claude says it (Anthropic's citations docs): by characters
 * of a text document, pages of a PDF (1-based), or blocks of a content
 * document; `end_…` exclusive; `document_title` null when the request gave none.
 */
export type AnthropicCitation = { readonly cited_text: string; readonly document_index: number; readonly document_title: string | null } & (
  | { readonly type: 'char_location'; readonly start_char_index: number; readonly end_char_index: number }
  | { readonly type: 'page_location'; readonly start_page_number: number; readonly end_page_number: number }
  | { readonly type: 'content_block_location'; readonly start_block_index: number; readonly end_block_index: number }
);

export type AnthropicContentBlock =
  | { readonly type: 'text'; readonly text: string; readonly citations?: readonly AnthropicCitation[] }
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
  | { readonly type: 'redacted_thinking'; readonly data: string }
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: Readonly<Record<string, unknown>> };

type AnthropicDelta =
  | { readonly type: 'text_delta'; readonly text: string }
  | { readonly type: 'thinking_delta'; readonly thinking: string }
  | { readonly type: 'signature_delta'; readonly signature: string }
  | { readonly type: 'citations_delta'; readonly citation: AnthropicCitation }
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
