import type { FixtureCitation, FixtureContentBlock, StopReason } from '../fixtures/fixture-schema.ts';
import { stopReasons } from '../fixtures/fixture-schema.ts';
import { tryParseJson } from '../fixtures/try-parse-json.ts';

/**
 * A recorded answer on its way back to a fixture: the content blocks as
 * they came (text and reasoning with their deltas cut as they were, tool
 * calls with their JSON, images, tool results, redacted reasoning), the stop
 * reason, the usage, and when each delta arrived. Each API's reader (in its
 * module under `apis/`) fills one from its own events or whole body; the
 * recorder turns it into the fixture's response and timing.
 */
export type RecordedAnswer = {
  readonly blocks: RecordedBlock[];
  stopReason: StopReason | undefined;
  readonly usage: { inputTokens?: number; outputTokens?: number };
  /** When each delta arrived (ms after the request), in order. */
  readonly deltaTimes: number[];
  streamError: { type: string; message?: string; afterChunks: number } | undefined;
};

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type RecordedBlock =
  | { kind: 'text'; deltas: string[]; citations: FixtureCitation[] }
  | { kind: 'redactedReasoning'; data: string }
  | { kind: 'toolResult'; toolUseId: string | undefined; type: string | undefined; status: 'success' | 'error' | undefined; content: ({ text: string } | { json: unknown })[] }
  | { kind: 'image'; format: ImageFormat; data: string }
  | { kind: 'toolUse'; id: string | undefined; name: string; json: string; input: Record<string, unknown> | undefined }
  | { kind: 'reasoning'; deltas: string[]; signature: string | undefined };

/**
 * How an API reads its recorded answer back: each event of its stream (its
 * payload parsed, its event type — the `:event-type` of an event-stream
 * message, the `event:` of a server-sent one), and a whole answer's body.
 * Exceptions and `error` events are read before it, by the recorder.
 */
export type RecordedReader = {
  readEvent(eventType: string, payload: Record<string, unknown>, atMs: number, answer: AnswerBuilder): void;
  readBody(body: Record<string, unknown>, answer: AnswerBuilder): void;
};

/** A recorded answer with the steps readers build it by. */
export type AnswerBuilder = {
  readonly answer: RecordedAnswer;
  /** The block at an API's own index (made, and appended, the first time). */
  blockAt(index: number, make: () => RecordedBlock): RecordedBlock;
  /** A whole block (from a whole body), appended. */
  add(block: RecordedBlock): void;
  /** A text or reasoning delta: one step of the timeline. */
  addText(block: RecordedBlock, text: string, atMs: number): void;
  /** A tool call's partial JSON: one step. */
  addJson(block: RecordedBlock, json: string, atMs: number): void;
  addSignature(block: RecordedBlock, signature: string, atMs: number): void;
  /** Redacted reasoning comes whole (Claude's block start, one Converse delta): one step. */
  addRedacted(block: RecordedBlock, data: string, atMs: number): void;
  /** Citations ride on their text block; they take no step (the planner sends them with the text's start). */
  addCitations(block: RecordedBlock, citations: readonly FixtureCitation[]): void;
  /** Each tool result part is one step (the planner sends a part per delta). */
  addToolResultParts(block: RecordedBlock, parts: readonly unknown[], atMs: number): void;
  addImageBytes(block: RecordedBlock, bytes: string, atMs: number): void;
};

/**
 * An empty answer to read into.
 *
 * @example
 * const builder = createAnswerBuilder();
 * builder.addText(builder.blockAt(0, () => ({ kind: 'text', deltas: [], citations: [] })), 'Hi', 120);
 */
export function createAnswerBuilder(): AnswerBuilder {
  const answer: RecordedAnswer = { blocks: [], stopReason: undefined, usage: {}, deltaTimes: [], streamError: undefined };
  const byIndex = new Map<number, RecordedBlock>();
  return {
    answer,
    blockAt(index, make) {
      const known = byIndex.get(index);
      if (known !== undefined) return known;
      const made = make();
      byIndex.set(index, made);
      answer.blocks.push(made);
      return made;
    },
    add: (block) => void answer.blocks.push(block),
    addText(block, text, atMs) {
      if (block.kind !== 'text' && block.kind !== 'reasoning') return;
      block.deltas.push(text);
      answer.deltaTimes.push(atMs);
    },
    addJson(block, json, atMs) {
      if (block.kind !== 'toolUse') return;
      block.json += json;
      answer.deltaTimes.push(atMs);
    },
    addSignature(block, signature, atMs) {
      if (block.kind !== 'reasoning') return;
      block.signature = (block.signature ?? '') + signature;
      answer.deltaTimes.push(atMs);
    },
    addRedacted(block, data, atMs) {
      if (block.kind !== 'redactedReasoning') return;
      block.data += data;
      answer.deltaTimes.push(atMs);
    },
    addCitations(block, citations) {
      if (block.kind === 'text') block.citations.push(...citations);
    },
    addToolResultParts(block, parts, atMs) {
      if (block.kind !== 'toolResult') return;
      for (const part of toolResultParts(parts)) {
        block.content.push(part);
        answer.deltaTimes.push(atMs);
      }
    },
    addImageBytes(block, bytes, atMs) {
      if (block.kind !== 'image') return;
      block.data += bytes;
      answer.deltaTimes.push(atMs);
    },
  };
}

/** Tool result parts as the fixture holds them: text, or JSON; others (images, documents) are not kept. */
export function toolResultParts(parts: readonly unknown[]): ({ text: string } | { json: unknown })[] {
  return parts.flatMap((value): ({ text: string } | { json: unknown })[] => {
    const part = (value ?? {}) as Record<string, unknown>;
    if (typeof part.text === 'string') return [{ text: part.text }];
    return part.json === undefined ? [] : [{ json: part.json }];
  });
}

/**
 * A recorded block as the fixture's content block.
 *
 * @example
 * toContentBlock({ kind: 'text', deltas: ['Hel', 'lo'], citations: [] }) // { text: ['Hel', 'lo'] }
 */
export function toContentBlock(block: RecordedBlock): FixtureContentBlock {
  switch (block.kind) {
    case 'text':
      return block.citations.length === 0 ? { text: deltasOf(block.deltas) } : { text: deltasOf(block.deltas), citations: block.citations };
    case 'redactedReasoning':
      return { redactedReasoning: block.data };
    case 'toolResult':
      return {
        toolResult: {
          ...(block.toolUseId === undefined ? {} : { toolUseId: block.toolUseId }),
          ...(block.type === undefined ? {} : { type: block.type }),
          ...(block.status === undefined ? {} : { status: block.status }),
          content: block.content.length === 0 ? [{ text: '' }] : block.content,
        },
      };
    case 'image':
      return { image: { format: block.format, data: block.data } };
    case 'reasoning':
      return { reasoning: { text: deltasOf(block.deltas), ...(block.signature === undefined ? {} : { signature: block.signature }) } };
    case 'toolUse':
      return { toolUse: { name: block.name, ...(block.id === undefined ? {} : { id: block.id }), input: block.input ?? objectOr(tryParseJson(block.json === '' ? '{}' : block.json)) ?? {} } };
  }
}

/** The deltas as they came (a list keeps the cut); one empty delta stays a list so it is still exact. */
export function deltasOf(deltas: readonly string[]): string[] {
  return deltas.length === 0 ? [''] : [...deltas];
}

// Readers of untyped JSON: what a field holds, when it holds what is expected.
export const isStopReason = (value: unknown): value is StopReason => typeof value === 'string' && (stopReasons as readonly string[]).includes(value);
export const isImageFormat = (value: unknown): value is ImageFormat => value === 'png' || value === 'jpeg' || value === 'gif' || value === 'webp';
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
export const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
export const objectOr = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
