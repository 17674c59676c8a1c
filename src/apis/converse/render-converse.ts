import type { StopReason } from '../../core/fixtures/fixture-schema.ts';
import type { CacheTtl } from '../../core/fixtures/request.ts';
import type { PlannedBlock, PlannedCitation, PlannedUsage, ResponsePlan, ToolResultPart } from '../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../core/planning/timeline.ts';
import { randomId } from '../../core/ids.ts';

type Usage = {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  readonly cacheDetails?: readonly { readonly ttl: CacheTtl; readonly inputTokens: number }[];
};
type ConverseDelta =
  | { readonly text: string }
  | { readonly reasoningContent: { readonly text: string } | { readonly signature: string } | { readonly redactedContent: string } }
  | { readonly toolUse: { readonly input: string } }
  | { readonly citation: ConverseCitation }
  | { readonly toolResult: readonly ToolResultPart[] }
  | { readonly image: { readonly source: { readonly bytes: string } } };

/**
 * A citation as Converse says it (the service model's CitationsDelta and
 * Citation): the document's name, the quoted text, and its location —
 * `documentChar`, `documentPage` or `documentChunk`, with `documentIndex`.
 */
type ConverseCitation = {
  readonly title?: string;
  readonly sourceContent: readonly { readonly text: string }[];
  readonly location: Partial<Record<'documentChar' | 'documentPage' | 'documentChunk', { readonly documentIndex: number; readonly start: number; readonly end: number }>>;
};

type ConverseBlockStart =
  | { readonly toolUse: { readonly toolUseId: string; readonly name: string } }
  | { readonly toolResult: { readonly toolUseId: string; readonly type?: string; readonly status?: 'success' | 'error' } }
  | { readonly image: { readonly format: string } };

/** One ConverseStream event: its `:event-type` and payload (docs/protocol/converse.md#conversestream-events). */
export type ConverseEvent =
  | { readonly type: 'messageStart'; readonly payload: { readonly role: 'assistant' } }
  | { readonly type: 'contentBlockStart'; readonly payload: { readonly contentBlockIndex: number; readonly start: ConverseBlockStart } }
  | { readonly type: 'contentBlockDelta'; readonly payload: { readonly contentBlockIndex: number; readonly delta: ConverseDelta } }
  | { readonly type: 'contentBlockStop'; readonly payload: { readonly contentBlockIndex: number } }
  | { readonly type: 'messageStop'; readonly payload: { readonly stopReason: StopReason; readonly additionalModelResponseFields?: Readonly<Record<string, unknown>> } }
  | { readonly type: 'metadata'; readonly payload: { readonly usage: Usage; readonly metrics: { readonly latencyMs: number } } & Echoes };

/** What an answer echoes of the request: its performance configuration and service tier. */
type Echoes = { readonly performanceConfig?: { readonly latency: string }; readonly serviceTier?: { readonly type: string } };

/** Request-dependent parts of an answer: the echoes, and the fields selected from the model's own response. */
export type ConverseExtras = Echoes & { readonly additionalModelResponseFields?: Readonly<Record<string, unknown>> };

/** Fixture stop reasons that only Claude's Messages API has, as Converse says them. */
const converseStopReason: Partial<Record<StopReason, StopReason>> = {
  pause_turn: 'end_turn',
  refusal: 'content_filtered',
};

const stopReasonOf = (plan: ResponsePlan): StopReason => converseStopReason[plan.stopReason] ?? plan.stopReason;

const newToolUseId = (): string => randomId('tooluse_', 22);

/** Converse never sends a block with nothing in it. */
const sentBlocks = (plan: ResponsePlan): PlannedBlock[] => plan.blocks.filter((block) => block.kind === 'tool_use' || block.deltas.length > 0 || (block.kind === 'reasoning' && block.signature !== undefined));

const locationMember = { char: 'documentChar', page: 'documentPage', chunk: 'documentChunk' } as const;

/** A planned citation as Converse's CitationsDelta / Citation. */
function converseCitation(citation: PlannedCitation): ConverseCitation {
  const { kind, start, end } = citation.location;
  const location = { [locationMember[kind]]: { documentIndex: citation.documentIndex, start, end } } as ConverseCitation['location'];
  return { ...(citation.title === undefined ? {} : { title: citation.title }), sourceContent: [{ text: citation.quote }], location };
}

/**
 * The ConverseStream events for a plan (docs/protocol/converse.md#conversestream-events): `messageStart`;
 * per block an optional `contentBlockStart` (tool use, tool result and
 * image: the service model's ContentBlockStart members; text and reasoning
 * start directly with deltas), its deltas, `contentBlockStop`; then
 * `messageStop` and `metadata` with usage and latency. A cited text block
 * sends a `citation` delta per citation before its text (inferred from
 * Claude's order, which Bedrock passes on); redacted reasoning is one
 * `reasoningContent.redactedContent` delta (a blob: base64 in the JSON).
 *
 * @example
 * renderConverseStream(plan).map((timed) => timed.event.type)
 */
export function renderConverseStream(plan: ResponsePlan, extras: ConverseExtras = {}): TimedEvent<ConverseEvent>[] {
  const events: TimedEvent<ConverseEvent>[] = [{ atMs: plan.firstTokenAtMs, event: { type: 'messageStart', payload: { role: 'assistant' } } }];
  // A tool result without its own id answers the tool call before it.
  let lastToolUseId: string | undefined;
  sentBlocks(plan).forEach((block, contentBlockIndex) => {
    const startAtMs = block.deltas[0]?.atMs ?? events.at(-1)?.atMs ?? plan.firstTokenAtMs;
    const delta = (atMs: number, body: ConverseDelta): void => {
      events.push({ atMs, event: { type: 'contentBlockDelta', payload: { contentBlockIndex, delta: body } } });
    };
    const start = (body: ConverseBlockStart, unique: boolean): void => {
      events.push({ atMs: startAtMs, event: { type: 'contentBlockStart', payload: { contentBlockIndex, start: body } }, ...(unique ? { unique: true as const } : {}) });
    };
    switch (block.kind) {
      case 'text':
        for (const citation of block.citations ?? []) delta(startAtMs, { citation: converseCitation(citation) });
        for (const d of block.deltas) delta(d.atMs, { text: d.text });
        break;
      case 'redacted_reasoning':
        for (const d of block.deltas) delta(d.atMs, { reasoningContent: { redactedContent: d.text } });
        break;
      case 'tool_result': {
        const toolUseId = block.toolUseId ?? lastToolUseId ?? newToolUseId();
        start({ toolResult: { toolUseId, ...(block.type === undefined ? {} : { type: block.type }), ...(block.status === undefined ? {} : { status: block.status }) } }, block.toolUseId === undefined);
        block.deltas.forEach((d, part) => {
          const content = block.parts[part];
          if (content !== undefined) delta(d.atMs, { toolResult: [content] });
        });
        break;
      }
      case 'image':
        start({ image: { format: block.format } }, false);
        for (const d of block.deltas) delta(d.atMs, { image: { source: { bytes: d.text } } });
        break;
      case 'reasoning':
        for (const d of block.deltas) delta(d.atMs, { reasoningContent: { text: d.text } });
        if (block.signature !== undefined) delta(block.signature.atMs, { reasoningContent: { signature: block.signature.text } });
        break;
      case 'tool_use':
        lastToolUseId = block.id ?? newToolUseId();
        start({ toolUse: { toolUseId: lastToolUseId, name: block.name } }, block.id === undefined);
        for (const d of block.deltas) delta(d.atMs, { toolUse: { input: d.text } });
        break;
    }
    events.push({ atMs: events.at(-1)?.atMs ?? startAtMs, event: { type: 'contentBlockStop', payload: { contentBlockIndex } } });
  });
  const { additionalModelResponseFields, performanceConfig, serviceTier } = extras;
  // These events depend on the request, not only on the plan: never kept with the plan's frames.
  const requestDependent = additionalModelResponseFields !== undefined || performanceConfig !== undefined || serviceTier !== undefined ? { unique: true as const } : {};
  events.push(
    { atMs: plan.endAtMs, event: { type: 'messageStop', payload: { stopReason: stopReasonOf(plan), ...(additionalModelResponseFields === undefined ? {} : { additionalModelResponseFields }) } }, ...requestDependent },
    {
      atMs: plan.endAtMs,
      event: {
        type: 'metadata',
        payload: { usage: converseUsage(plan.usage), metrics: { latencyMs: Math.round(plan.endAtMs) }, ...(performanceConfig === undefined ? {} : { performanceConfig }), ...(serviceTier === undefined ? {} : { serviceTier }) },
      },
      ...requestDependent,
    },
  );
  return events;
}

/**
 * Converse's usage: `inputTokens` is the input the cache neither read nor
 * wrote, `totalTokens` counts all of it; with a cache in play, its reads and
 * writes, and the writes by TTL (1h before 5m) when there are any.
 *
 * @example
 * converseUsage(plan.usage) // { inputTokens: 12, outputTokens: 30, totalTokens: 1542, cacheReadInputTokens: 0, cacheWriteInputTokens: 1500, cacheDetails: [{ ttl: '5m', inputTokens: 1500 }] }
 */
function converseUsage(usage: PlannedUsage): Usage {
  const { inputTokens, outputTokens, cache } = usage;
  if (cache === undefined) return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const cacheDetails = (['1h', '5m'] as const).flatMap((ttl) => (cache.writeTokensByTtl[ttl] > 0 ? [{ ttl, inputTokens: cache.writeTokensByTtl[ttl] }] : []));
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + cache.readTokens + cache.writeTokens + outputTokens,
    cacheReadInputTokens: cache.readTokens,
    cacheWriteInputTokens: cache.writeTokens,
    ...(cacheDetails.length === 0 ? {} : { cacheDetails }),
  };
}

type BlockDraft =
  | { readonly kind: 'text'; text: string; readonly citations: ConverseCitation[] }
  | { readonly kind: 'reasoning'; text: string; signature: string | undefined }
  | { readonly kind: 'redactedReasoning'; data: string }
  | { readonly kind: 'toolUse'; readonly toolUseId: string; readonly name: string; input: string }
  | { readonly kind: 'toolResult'; readonly start: { readonly toolUseId: string; readonly type?: string; readonly status?: 'success' | 'error' }; readonly content: ToolResultPart[] }
  | { readonly kind: 'image'; readonly format: string; bytes: string };

/**
 * The Converse (non-streaming) response body (docs/protocol/converse.md#converse-response): a whole
 * ConverseStream joined, as Bedrock assembles it.
 *
 * @example
 * joinConverseResponse(renderConverseStream(plan).map((timed) => timed.event)).output.message.content
 */
export function joinConverseResponse(events: readonly ConverseEvent[]) {
  const blocks: BlockDraft[] = [];
  let stopReason: StopReason = 'end_turn';
  let usage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let metrics = { latencyMs: 0 };
  let extras: ConverseExtras = {};
  for (const { type, payload } of events) {
    if (type === 'contentBlockStart') {
      blocks[payload.contentBlockIndex] = startedBlock(payload.start);
    } else if (type === 'contentBlockDelta') {
      appendDelta(blocks, payload.contentBlockIndex, payload.delta);
    } else if (type === 'messageStop') {
      stopReason = payload.stopReason;
      if (payload.additionalModelResponseFields !== undefined) extras = { ...extras, additionalModelResponseFields: payload.additionalModelResponseFields };
    } else if (type === 'metadata') {
      const { usage: reported, metrics: measured, ...echoes } = payload;
      usage = reported;
      metrics = measured;
      extras = { ...extras, ...echoes };
    }
  }
  return {
    output: { message: { role: 'assistant', content: blocks.map(finishBlock) } },
    stopReason,
    usage,
    metrics,
    ...extras,
  };
}

function startedBlock(start: ConverseBlockStart): BlockDraft {
  if ('toolUse' in start) return { kind: 'toolUse', ...start.toolUse, input: '' };
  if ('toolResult' in start) return { kind: 'toolResult', start: start.toolResult, content: [] };
  return { kind: 'image', format: start.image.format, bytes: '' };
}

function appendDelta(blocks: BlockDraft[], index: number, delta: ConverseDelta): void {
  const block = blocks[index];
  const textBlock = (): Extract<BlockDraft, { kind: 'text' }> => (block?.kind === 'text' ? block : (blocks[index] = { kind: 'text', text: '', citations: [] }));
  if ('text' in delta) {
    textBlock().text += delta.text;
  } else if ('citation' in delta) {
    textBlock().citations.push(delta.citation);
  } else if ('reasoningContent' in delta) {
    const reasoning = delta.reasoningContent;
    if ('redactedContent' in reasoning) {
      if (block?.kind === 'redactedReasoning') block.data += reasoning.redactedContent;
      else blocks[index] = { kind: 'redactedReasoning', data: reasoning.redactedContent };
      return;
    }
    const draft = block?.kind === 'reasoning' ? block : (blocks[index] = { kind: 'reasoning', text: '', signature: undefined });
    if ('text' in reasoning) draft.text += reasoning.text;
    else draft.signature = reasoning.signature;
  } else if ('toolResult' in delta) {
    if (block?.kind === 'toolResult') block.content.push(...delta.toolResult);
  } else if ('image' in delta) {
    if (block?.kind === 'image') block.bytes += delta.image.source.bytes;
  } else if (block?.kind === 'toolUse') {
    block.input += delta.toolUse.input;
  }
}

function finishBlock(block: BlockDraft): Record<string, unknown> {
  switch (block.kind) {
    case 'text':
      // A cited text is a citationsContent block (the service model's CitationsContentBlock).
      return block.citations.length === 0 ? { text: block.text } : { citationsContent: { content: [{ text: block.text }], citations: block.citations } };
    case 'redactedReasoning':
      return { reasoningContent: { redactedContent: block.data } };
    case 'toolResult':
      return { toolResult: { toolUseId: block.start.toolUseId, content: block.content, ...(block.start.status === undefined ? {} : { status: block.start.status }), ...(block.start.type === undefined ? {} : { type: block.start.type }) } };
    case 'image':
      return { image: { format: block.format, source: { bytes: block.bytes } } };
    case 'reasoning':
      return { reasoningContent: { reasoningText: block.signature === undefined ? { text: block.text } : { text: block.text, signature: block.signature } } };
    case 'toolUse':
      return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input === '' ? {} : (JSON.parse(block.input) as unknown) } };
  }
}
