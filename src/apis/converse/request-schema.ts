import { z } from 'zod';
import { serviceTiers } from '../../core/fixtures/request.ts';

/**
 * The Converse / ConverseStream request body (docs/protocol/converse.md#converse-request). Loose objects:
 * fields the emulator does not read (promptVariables, requestMetadata…) pass
 * unchecked, as they would reach the real service; the enums and required
 * members of the service model are checked where a client can get them
 * wrong (image and document formats, cache points, guardrail and
 * performance settings), with the service's messages.
 */

/** `cachePoint` blocks, in messages, system and tools: type `default`, an optional TTL. */
const cachePointSchema = z.looseObject({ type: z.enum(['default']), ttl: z.enum(['5m', '1h']).optional() });

const toolResultContentSchema = z.looseObject({
  text: z.string().optional(),
  json: z.unknown().optional(),
});

/** Text a guardrail assesses instead of the whole conversation (GuardrailConverseContentBlock). */
const guardContentSchema = z.looseObject({
  text: z.looseObject({ text: z.string(), qualifiers: z.array(z.enum(['grounding_source', 'query', 'guard_content'])).optional() }).optional(),
  image: z.looseObject({ format: z.enum(['png', 'jpeg']), source: z.looseObject({}) }).optional(),
});

/**
 * A tool declared in `toolConfig`, named by a `toolAddition` / `toolRemoval`
 * block (ToolReference: `name`, and `serverName` for an MCP server's tool).
 */
const toolReferenceSchema = z.looseObject({ type: z.string().optional(), name: z.string().optional(), serverName: z.string().optional() });

/** ToolAdditionBlock and ToolRemovalBlock: one tool each, by reference (`tool` is required). */
const toolChangeSchema = z.looseObject({ tool: toolReferenceSchema });

/** A content block is a union: exactly one member is set. */
const converseContentBlockSchema = z.looseObject({
  text: z.string().optional(),
  toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
  toolResult: z
    .looseObject({
      toolUseId: z.string(),
      content: z.array(toolResultContentSchema),
      status: z.enum(['success', 'error']).optional(),
    })
    .optional(),
  reasoningContent: z
    .looseObject({
      reasoningText: z.looseObject({ text: z.string(), signature: z.string().optional() }).optional(),
      redactedContent: z.string().optional(),
    })
    .optional(),
  image: z.looseObject({ format: z.enum(['png', 'jpeg', 'gif', 'webp']), source: z.looseObject({}) }).optional(),
  document: z.looseObject({ format: z.enum(['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md']).optional(), name: z.string().min(1), source: z.looseObject({}) }).optional(),
  cachePoint: cachePointSchema.optional(),
  guardContent: guardContentSchema.optional(),
  toolAddition: toolChangeSchema.optional(),
  toolRemoval: toolChangeSchema.optional(),
});

export type ConverseContentBlock = z.infer<typeof converseContentBlockSchema>;

/** A message's role: `system` is a mid-conversation system message (ConversationRole, client SDK 3.1164). */
const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.array(converseContentBlockSchema),
});

/** The service model's pattern for tool names (its constraint message quotes it). */
const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** `requestMetadata`: at most 16 pairs; keys and values of the service model's pattern and length. */
const requestMetadataSchema = z
  .record(z.string().regex(/^[a-zA-Z0-9\s:_@$#=/+,-.]{1,256}$/), z.string().regex(/^[a-zA-Z0-9\s:_@$#=/+,-.]{0,256}$/))
  .refine((metadata) => Object.keys(metadata).length <= 16, { message: 'have at most 16 entries' });

const toolSchema = z.looseObject({
  cachePoint: cachePointSchema.optional(),
  toolSpec: z
    .looseObject({
      name: z.string().regex(toolNamePattern),
      description: z.string().min(1).optional(),
      inputSchema: z.looseObject({ json: z.unknown() }),
    })
    .optional(),
});

export const converseRequestSchema = z.looseObject({
  messages: z.array(messageSchema),
  system: z.array(z.looseObject({ text: z.string().optional(), cachePoint: cachePointSchema.optional(), guardContent: guardContentSchema.optional() })).optional(),
  inferenceConfig: z
    .looseObject({
      maxTokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(z.string().min(1)).max(2500).optional(),
    })
    .optional(),
  toolConfig: z
    .looseObject({
      tools: z.array(toolSchema).min(1),
      toolChoice: z.looseObject({}).optional(),
    })
    .optional(),
  additionalModelRequestFields: z.looseObject({}).optional(),
  guardrailConfig: z
    .looseObject({
      guardrailIdentifier: z.string().min(1),
      guardrailVersion: z.string().min(1),
      trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
      streamProcessingMode: z.enum(['sync', 'async']).optional(),
    })
    .optional(),
  performanceConfig: z.looseObject({ latency: z.enum(['standard', 'optimized']).optional() }).optional(),
  serviceTier: z.looseObject({ type: z.enum(serviceTiers) }).optional(),
  requestMetadata: requestMetadataSchema.optional(),
  additionalModelResponseFieldPaths: z.array(z.string().min(1).max(256)).max(10).optional(),
  outputConfig: z
    .looseObject({
      textFormat: z
        .looseObject({
          type: z.enum(['json_schema']),
          structure: z.looseObject({ jsonSchema: z.looseObject({ schema: z.string().min(1), name: z.string().optional(), description: z.string().optional() }) }),
        })
        .optional(),
      effort: z.string().optional(),
    })
    .optional(),
});

export type ConverseRequest = z.infer<typeof converseRequestSchema>;
