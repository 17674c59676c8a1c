import { z } from 'zod';
import { integerMarker } from '../format/format-validation-issue.ts';

/**
 * The Anthropic Claude Messages body as Bedrock accepts it (docs/protocol/model-families.md#anthropic-claude).
 * Objects are loose: Bedrock passes fields it does not know to the model, and
 * clients send newer fields (`anthropic_beta`, `metadata`) we need not judge.
 */

/**
 * An integer field. zod reports a string given to `z.int()` as "expected
 * number"; the marker message lets the formatter say Integer, like Bedrock.
 */
const integer = () => z.int({ error: (issue) => (issue.code === 'invalid_type' ? integerMarker : undefined) });

/** A prompt-cache breakpoint on a block, a system block or a tool. */
const cacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema.optional() });

const toolResultContentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);

/** Per-type checks for the content blocks the emulator reads; others pass as they are. */
const blockSchemas: Record<string, z.ZodType> = {
  text: textBlockSchema,
  tool_use: z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.looseObject({}) }),
  tool_result: z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: toolResultContentSchema.optional(),
    is_error: z.boolean().optional(),
  }),
  thinking: z.looseObject({ type: z.literal('thinking'), thinking: z.string() }),
  image: z.looseObject({ type: z.literal('image'), source: z.looseObject({ type: z.string() }) }),
  redacted_thinking: z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
  document: z.looseObject({
    type: z.literal('document'),
    source: z.looseObject({ type: z.string() }),
    title: z.string().nullable().optional(),
    citations: z.looseObject({ enabled: z.boolean() }).optional(),
  }),
};

const contentBlockSchema = z.looseObject({ type: z.string(), cache_control: cacheControlSchema.optional() }).superRefine((block, context) => {
  // Own keys only: a block of type "constructor" or "toString" is just an unknown type.
  const schema = Object.hasOwn(blockSchemas, block.type) ? blockSchemas[block.type] : undefined;
  if (schema === undefined) return;
  const result = schema.safeParse(block);
  for (const issue of result.error?.issues ?? []) context.addIssue({ ...issue, path: issue.path });
});

export type AnthropicContentBlock = z.infer<typeof contentBlockSchema> & Record<string, unknown>;

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

/** Structured output: the answer's text conforms to this JSON Schema. */
const outputFormatSchema = z.looseObject({ type: z.literal('json_schema'), schema: z.looseObject({}) });

export const anthropicRequestSchema = z.looseObject({
  anthropic_version: z.string(),
  max_tokens: integer().min(1),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: integer().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z.array(z.looseObject({ name: z.string(), cache_control: cacheControlSchema.optional() })).optional(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() })
    .optional(),
  output_format: outputFormatSchema.optional(),
  output_config: z.looseObject({ format: outputFormatSchema.optional() }).optional(),
});

export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;
