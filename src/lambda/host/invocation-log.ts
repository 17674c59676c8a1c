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
  return { ...record, status: event.status, error: event.error, outcome: event.outcome, durationMs: event.atMs };
}

/**
 * The host's invocations, oldest first, kept from their events.
 *
 * @example
 * const log = createInvocationLog(); log.record(event); log.list()
 */
export function createInvocationLog() {
  const records = new Map<string, InvocationRecord>();
  return {
    record: (event: InvocationEvent): void => {
      const next = applyInvocationEvent(records.get(event.requestId), event);
      if (next !== undefined) records.set(event.requestId, next);
    },
    list: (): InvocationRecord[] => [...records.values()].map((record) => ({ ...record })),
  };
}
