import { z } from 'zod';
import type { StopReason } from '../../../core/fixtures/fixture-schema.ts';
import { forcedToolOf, type CachePrefix, type NormalizedContent, type Operation, type ParsedRequest } from '../../../core/fixtures/request.ts';
import { createCachePrefixBuilder } from '../../../core/planning/prompt-cache.ts';
import { deltasText, blocksWithContent, type ResponsePlan } from '../../../core/planning/plan-response.ts';
import { tryParseJson } from '../../../core/fixtures/try-parse-json.ts';
import type { TimedEvent } from '../../../core/planning/timeline.ts';
import { checkBody } from '../format/check-body.ts';
import { mediaOfBlock, toolResultParts } from '../format/media-blocks.ts';
import { tokenCountingOf } from '../format/token-counting.ts';
import { randomId } from '../../../core/ids.ts';
import { invocationMetrics } from '../format/invocation-metrics.ts';
import type { InvokeFormat, ModelEvent } from '../format/model-family.ts';
import type { ModelId } from '../../model-ids/model-id.ts';

/**
 * Amazon Nova's own body, "messages-v1" (docs/protocol/model-families.md#amazon-nova): Converse-shaped
 * messages and system, `inferenceConfig` (camel or snake case), `toolConfig`.
 */
const contentBlock = z.looseObject({
  text: z.string().optional(),
  toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
  toolResult: z.looseObject({ toolUseId: z.string(), content: z.array(z.looseObject({ text: z.string().optional(), json: z.unknown().optional() })), status: z.string().optional() }).optional(),
  reasoningContent: z.looseObject({ reasoningText: z.looseObject({ text: z.string() }).optional() }).optional(),
  cachePoint: z.looseObject({ type: z.enum(['default']) }).optional(),
});

const novaRequestSchema = z.looseObject({
  schemaVersion: z.string().optional(),
  system: z.array(z.looseObject({ text: z.string().optional(), cachePoint: z.looseObject({ type: z.enum(['default']) }).optional() })).optional(),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.array(contentBlock).min(1) })).min(1),
  inferenceConfig: z
    .looseObject({
      maxTokens: z.int().min(1).optional(),
      max_new_tokens: z.int().min(1).optional(),
      stopSequences: z.array(z.string()).optional(),
    })
    .optional(),
  toolConfig: z
    .looseObject({ tools: z.array(z.looseObject({ toolSpec: z.looseObject({ name: z.string(), description: z.string().optional(), inputSchema: z.looseObject({ json: z.unknown() }) }) })), toolChoice: z.unknown().optional() })
    .optional(),
});

function parseNovaBody(body: unknown, operation: Operation, model: ModelId): ParsedRequest {
  const nova = checkBody(novaRequestSchema, body);
  // Each block normalized once: an image's header and a document's text are read here, not again for the cache.
  const blocks = nova.messages.map((message) => message.content.map((block) => (block.cachePoint === undefined ? normalize(block) : undefined)));
  return {
    operation,
    model: { raw: model.raw, base: model.base },
    system: (nova.system ?? []).flatMap((block) => (block.text === undefined ? [] : [block.text])).join('\n'),
    messages: nova.messages.map((message, index) => ({ role: message.role, content: (blocks[index] ?? []).filter((part) => part !== undefined) })),
    maxTokens: nova.inferenceConfig?.maxTokens ?? nova.inferenceConfig?.max_new_tokens,
    stopSequences: nova.inferenceConfig?.stopSequences ?? [],
    tools: (nova.toolConfig?.tools ?? []).map((tool) => ({ name: tool.toolSpec.name, description: tool.toolSpec.description ?? '', inputSchema: tool.toolSpec.inputSchema.json })),
    thinking: false,
    forcedTool: forcedToolOf(nova.toolConfig?.toolChoice),
    cachePrefix: novaCachePrefix(nova, blocks, model),
  };
}

/** Nova caches its system prompt and messages up to each `cachePoint` (its tools are not cached). */
function novaCachePrefix(nova: z.infer<typeof novaRequestSchema>, blocks: readonly (readonly (NormalizedContent | undefined)[])[], model: ModelId): CachePrefix | undefined {
  const builder = createCachePrefixBuilder(tokenCountingOf(model.base));
  for (const block of nova.system ?? []) {
    if (block.text !== undefined) builder.system(block.text);
    if (block.cachePoint !== undefined) builder.breakpoint(undefined);
  }
  nova.messages.forEach((message, messageIndex) => {
    message.content.forEach((block, blockIndex) => {
      const part = blocks[messageIndex]?.[blockIndex];
      if (block.cachePoint !== undefined) builder.breakpoint(undefined);
      else if (part !== undefined) builder.content(message.role, part);
    });
  });
  return builder.build();
}

function normalize(block: z.infer<typeof contentBlock>): NormalizedContent {
  if (block.text !== undefined) return { kind: 'text', text: block.text };
  if (block.toolUse !== undefined) return { kind: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input };
  if (block.toolResult !== undefined) {
    return { kind: 'tool_result', toolUseId: block.toolResult.toolUseId, ...toolResultParts(block.toolResult.content), isError: block.toolResult.status === 'error' };
  }
  if (block.reasoningContent?.reasoningText !== undefined) return { kind: 'reasoning', text: block.reasoningContent.reasoningText.text };
  return mediaOfBlock(block) ?? { kind: 'other', type: Object.keys(block)[0] ?? 'unknown' };
}

/** Nova reports its prompt cache in every usage, zeros when the request set no cache point. */
const cacheCounts = (plan: ResponsePlan): { cacheReadInputTokenCount: number; cacheWriteInputTokenCount: number } => ({
  cacheReadInputTokenCount: plan.usage.cache?.readTokens ?? 0,
  cacheWriteInputTokenCount: plan.usage.cache?.writeTokens ?? 0,
});

/** Stop reasons Nova says as Converse does. */
const novaStopReason = (reason: StopReason): StopReason => (reason === 'pause_turn' ? 'end_turn' : reason === 'refusal' ? 'content_filtered' : reason);

/**
 * Nova's stream: each chunk holds one ConverseStream-shaped event under its
 * name (`{"messageStart": …}`, `{"contentBlockDelta": …}`…), the last
 * (`metadata`) carrying Bedrock's invocation metrics.
 */
function renderNova(plan: ResponsePlan): { events: TimedEvent<ModelEvent>[]; join(): object } {
  const events: TimedEvent<ModelEvent>[] = [{ atMs: plan.firstTokenAtMs, event: { messageStart: { role: 'assistant' } } }];
  const content: object[] = [];
  let index = 0;
  for (const block of blocksWithContent(plan)) {
    const contentBlockIndex = index;
    index += 1;
    const startAtMs = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? plan.firstTokenAtMs;
    const text = deltasText(block.deltas);
    switch (block.kind) {
      case 'text': {
        // As captured from Nova: each text delta is a block of its own, stopped at once, the index counting up.
        const [first, ...rest] = block.deltas;
        if (first !== undefined) events.push({ atMs: first.atMs, event: { contentBlockDelta: { delta: { text: first.text }, contentBlockIndex } } });
        for (const delta of rest) {
          events.push({ atMs: delta.atMs, event: { contentBlockStop: { contentBlockIndex: index - 1 } } });
          events.push({ atMs: delta.atMs, event: { contentBlockDelta: { delta: { text: delta.text }, contentBlockIndex: index } } });
          index += 1;
        }
        content.push({ text });
        break;
      }
      case 'reasoning':
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: { contentBlockDelta: { delta: { reasoningContent: { text: delta.text } }, contentBlockIndex } } });
        content.push({ reasoningContent: { reasoningText: { text } } });
        break;
      case 'tool_use': {
        const toolUseId = block.id ?? randomId('tooluse_', 22);
        events.push({ atMs: startAtMs, event: { contentBlockStart: { start: { toolUse: { toolUseId, name: block.name } }, contentBlockIndex } }, ...(block.id === undefined ? { unique: true as const } : {}) });
        for (const delta of block.deltas) events.push({ atMs: delta.atMs, event: { contentBlockDelta: { delta: { toolUse: { input: delta.text } }, contentBlockIndex } } });
        content.push({ toolUse: { toolUseId, name: block.name, input: tryParseJson(text === '' ? '{}' : text) ?? {} } });
        break;
      }
    }
    events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, event: { contentBlockStop: { contentBlockIndex: index - 1 } } });
  }
  const stopReason = novaStopReason(plan.stopReason);
  const { inputTokens, outputTokens } = plan.usage;
  const cache = cacheCounts(plan);
  const totalTokens = inputTokens + cache.cacheReadInputTokenCount + cache.cacheWriteInputTokenCount + outputTokens;
  events.push(
    { atMs: plan.endAtMs, event: { messageStop: { stopReason } } },
    {
      atMs: plan.endAtMs,
      event: {
        metadata: { usage: { inputTokens, outputTokens, ...cache }, metrics: {}, trace: {} },
        'amazon-bedrock-invocationMetrics': { ...invocationMetrics(plan), ...cache },
      },
    },
  );
  return {
    events,
    join: () => ({ output: { message: { role: 'assistant', content } }, stopReason, usage: { inputTokens, outputTokens, totalTokens, ...cache } }),
  };
}


export const novaFormat: InvokeFormat = { parseBody: parseNovaBody, render: (plan) => renderNova(plan) };
