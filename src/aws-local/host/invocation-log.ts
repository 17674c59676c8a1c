import type { LambdaError } from './invocation.ts';

export type InvocationVia = 'function-url' | 'invoke-with-response-stream' | 'invoke' | 'rest-api' | 'http-api' | 'websocket';
/** `gateway-timeout`: the front door answered its integration timeout while the function ran on (API Gateway). */
export type InvocationOutcome = 'pending' | 'completed' | 'function-error' | 'timed-out' | 'client-aborted' | 'gateway-timeout';

/** One invocation as the host saw it. */
export type InvocationRecord = {
  readonly requestId: string;
  readonly via: InvocationVia;
  /** ms from the request to the head of the response. */
  readonly firstByteMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly status: number | undefined;
  readonly error: LambdaError | undefined;
  readonly outcome: InvocationOutcome;
};

/** What the host reports about an invocation, in order; the log is built from these. */
export type InvocationEvent = { readonly requestId: string } & (
  | { readonly kind: 'received'; readonly via: InvocationVia }
  /** The response's head went out. */
  | { readonly kind: 'responded'; readonly atMs: number }
  | { readonly kind: 'settled'; readonly status: number; readonly error: LambdaError | undefined; readonly outcome: Exclude<InvocationOutcome, 'pending'>; readonly atMs: number }
);

/**
 * An invocation record after one more event.
 *
 * @example
 * applyInvocationEvent(undefined, { requestId, kind: 'received', via: 'function-url' })
 */
export function applyInvocationEvent(record: InvocationRecord | undefined, event: InvocationEvent): InvocationRecord | undefined {
  if (event.kind === 'received') {
    return { requestId: event.requestId, via: event.via, firstByteMs: undefined, durationMs: undefined, status: undefined, error: undefined, outcome: 'pending' };
  }
  if (record === undefined) return undefined;
  if (event.kind === 'responded') return { ...record, firstByteMs: record.firstByteMs ?? event.atMs };
  return { ...record, status: event.status, error: event.error === undefined ? undefined : keptError(event.error), outcome: event.outcome, durationMs: event.atMs };
}

/** How many invocations the log keeps by default (as the emulator's journal keeps 1,000 calls). */
export const defaultInvocationLogCapacity = 1000;

/**
 * The host's invocations: the last `capacity` received, oldest first, kept
 * from their events. Memory stays bounded however many requests come: the
 * oldest record goes when a new one would pass the capacity (events of an
 * invocation already dropped are ignored), and each record keeps at most
 * `maxErrorChars` of its error.
 *
 * @example
 * const log = createInvocationLog(1000); log.record(event); log.list()
 */
export function createInvocationLog(capacity: number = defaultInvocationLogCapacity) {
  const records = new Map<string, InvocationRecord>();
  return {
    /** Takes one event (what the host reports). */
    record: (event: InvocationEvent): void => {
      const next = applyInvocationEvent(records.get(event.requestId), event);
      if (next === undefined) return;
      records.set(event.requestId, next);
      // A Map keeps insertion order: the first key is the oldest invocation.
      if (records.size > capacity) records.delete(records.keys().next().value as string);
    },
    /** A snapshot, oldest first. */
    list: (): InvocationRecord[] => [...records.values()].map((record) => ({ ...record })),
  };
}

/** Characters of an error a record keeps, type, message and trace together: a handler may throw a 1 MB message each time. */
const maxErrorChars = 8192;
/** Trace lines a record keeps. */
const maxTraceLines = 64;

/**
 * An error as the log keeps it: whole when it is small (most are), else its
 * texts cut and marked (`…[truncated: 1,000,000 characters]`) within
 * `maxErrorChars`, and its trace to its first lines.
 */
function keptError(error: LambdaError): LambdaError {
  const size = error.errorType.length + error.errorMessage.length + error.trace.reduce((sum, line) => sum + line.length, 0);
  // The runtime's own document says it all again, and may carry more: kept only with a small error, and only while small itself.
  if (size <= maxErrorChars && error.trace.length <= maxTraceLines && (error.document?.length ?? 0) <= 2 * maxErrorChars) return error;
  let budget = maxErrorChars;
  const cut = (text: string): string => {
    const kept = Math.min(text.length, budget);
    budget -= kept;
    // A copy, not a slice: V8 keeps a slice's whole parent alive (the 1 MB message it was cut from).
    return kept === text.length ? text : `${JSON.parse(JSON.stringify(text.slice(0, kept))) as string}…[truncated: ${text.length.toLocaleString('en-US')} characters]`;
  };
  const errorType = cut(error.errorType);
  const errorMessage = cut(error.errorMessage);
  const trace: string[] = [];
  for (const line of error.trace) {
    if (budget === 0 || trace.length === maxTraceLines) break;
    trace.push(cut(line));
  }
  if (trace.length < error.trace.length) trace.push(`[${(error.trace.length - trace.length).toLocaleString('en-US')} more lines]`);
  return { errorType, errorMessage, trace };
}
