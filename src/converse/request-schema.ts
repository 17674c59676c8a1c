import { z } from 'zod';

/**
 * The Converse / ConverseStream request body (REFERENCE §5.1). Loose objects:
 * fields the emulator does not read (guardrailConfig, promptVariables,
 * performanceConfig…) pass unchecked, as they would reach the real service.
 */

const toolResultContentSchema = z.looseObject({
  text: z.string().optional(),
  json: z.unknown().optional(),
});

/** A content block is a union: exactly one member is set. */
export const converseContentBlockSchema = z.looseObject({
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
});

export type ConverseContentBlock = z.infer<typeof converseContentBlockSchema>;

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.array(converseContentBlockSchema),
});

const toolSchema = z.looseObject({
  toolSpec: z
    .looseObject({
      name: z.string().min(1).max(64),
      description: z.string().optional(),
      inputSchema: z.looseObject({ json: z.unknown() }),
    })
    .optional(),
});

export const converseRequestSchema = z.looseObject({
  messages: z.array(messageSchema),
  system: z.array(z.looseObject({ text: z.string().optional() })).optional(),
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
});

export type ConverseRequest = z.infer<typeof converseRequestSchema>;
