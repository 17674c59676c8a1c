import type { NormalizedRequest } from '../../core/fixtures/request.ts';

/** How much of a request the journal keeps per call. */
export type JournalLimits = {
  /** The most characters kept of one text (a message, a system prompt, a tool input's string). */
  readonly maxTextChars: number;
  /** The most characters of text kept for one call in all; texts beyond it are only counted. */
  readonly maxCallChars: number;
  /** Nesting kept (tool inputs); deeper values are replaced by a marker. */
  readonly maxDepth: number;
  /** Items kept of one list (messages, content blocks): the first half and the last half of this. */
  readonly maxItems: number;
};

/** Texts this short are kept whole and not counted. */
const shortText = 64;

export const journalLimits: JournalLimits = { maxTextChars: 8192, maxCallChars: 65_536, maxDepth: 24, maxItems: 200 };

/**
 * A request as the journal keeps it: the same shape, with long texts cut and
 * marked (`…[truncated: 23,456,789 characters]`), deep values and long lists
 * summarized, so that any number of large legal calls keeps memory bounded.
 * Pure; iterative over lists, recursive only to `maxDepth`.
 *
 * @example
 * summarizeRequest(request, journalLimits).messages[0]
 */
export function summarizeRequest(request: NormalizedRequest, limits: JournalLimits = journalLimits): NormalizedRequest {
  // Most requests are kept whole: then the request itself is the summary (it is never
  // changed once parsed), and the copy below, an object per object, is not made.
  if (keptWhole(request, limits)) return request;
  let budget = limits.maxCallChars;
  const summarize = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') {
      // Names, ids and roles are not what fills a heap: only longer texts draw on the budget.
      if (value.length <= shortText) return value;
      const kept = Math.max(0, Math.min(value.length, limits.maxTextChars, budget));
      budget -= kept;
      if (kept === value.length) return value;
      // A copy, not a slice: V8 keeps a slice's whole parent alive (the 24 MB prompt it was cut from).
      const copy = JSON.parse(JSON.stringify(value.slice(0, kept))) as string;
      return `${copy}…[truncated: ${value.length.toLocaleString('en-US')} characters]`;
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth >= limits.maxDepth) return `[nested deeper than ${limits.maxDepth} levels]`;
    if (Array.isArray(value)) {
      const half = Math.floor(limits.maxItems / 2);
      if (value.length <= limits.maxItems) return value.map((item: unknown) => summarize(item, depth + 1));
      return [...value.slice(0, half).map((item: unknown) => summarize(item, depth + 1)), `[${(value.length - 2 * half).toLocaleString('en-US')} more items]`, ...value.slice(-half).map((item: unknown) => summarize(item, depth + 1))];
    }
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(entries.map(([key, item]) => [key, summarize(item, depth + 1)]));
  };
  return summarize(request, 0) as NormalizedRequest;
}

/**
 * Whether `summarizeRequest` would give back the same values: no text cut, no
 * list shortened, nothing nested too deep, only plain objects and arrays.
 * Reads, never copies.
 */
function keptWhole(request: NormalizedRequest, limits: JournalLimits): boolean {
  let budget = limits.maxCallChars;
  const pending: unknown[] = [request];
  const depths: number[] = [0];
  while (pending.length > 0) {
    const value = pending.pop();
    const depth = depths.pop() ?? 0;
    if (typeof value === 'string') {
      if (value.length <= shortText) continue;
      const kept = Math.min(value.length, limits.maxTextChars, budget);
      if (kept < value.length) return false;
      budget -= kept;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) return false;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (value.length > limits.maxItems) return false;
    } else if (prototype !== Object.prototype && prototype !== null) {
      return false;
    }
    for (const item of Object.values(value)) {
      pending.push(item);
      depths.push(depth + 1);
    }
  }
  return true;
}
