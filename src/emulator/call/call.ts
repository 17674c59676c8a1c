import type { Operation } from '../../core/fixtures/request.ts';
import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import type { PlaybackOutcome } from '../../core/playback/play-schedule.ts';
import type { CallEvent, CallOutcome, ReportedError } from '../journal/call-events.ts';
import type { Transport } from './transport.ts';

/** An event about this call on its way (the call adds its id); how it ended is `settle`'s. */
export type CallReport = CallEvent extends infer E ? (E extends CallEvent ? (E extends { readonly kind: 'settled' } ? never : Omit<E, 'id'>) : never) : never;

/** How a call ended; `settle` adds when. */
export type Settlement = {
  /** The HTTP status sent (200 for a stream, whatever came later). */
  readonly status: number;
  readonly outcome: Exclude<CallOutcome, 'pending'>;
  /** The exception the call was answered with, as an HTTP error or a stream's last frame (`reportedError`). */
  readonly error?: ReportedError | undefined;
  /** Answered whole, just now: the answer's first byte is its end. */
  readonly answeredWhole?: boolean;
  /** How playback ended, for streams. */
  readonly playback?: PlaybackOutcome | undefined;
  /** Frames sent in all, for streams. */
  readonly framesSent?: number | undefined;
};

/**
 * An exception as the journal names it: its type and message.
 *
 * @example
 * call.settle({ status: exception.status, outcome: 'error', error: reportedError(exception) });
 */
export function reportedError(exception: { readonly name: string; readonly message: string }): ReportedError {
  return { type: exception.name, message: exception.message };
}

/**
 * One Bedrock call under way: the request, when it arrived (the timing
 * origin), its connection, and the one way to tell the rest of the emulator
 * what happened to it (`report`).
 */
export type Call = {
  /** The `x-amzn-RequestId` it is answered with. */
  readonly id: string;
  readonly operation: Operation;
  readonly request: Request;
  /** The `{modelId}` path segment, decoded. */
  readonly rawModelId: string;
  /** The request's headers, names lower-cased (repeats joined with `, `, as `Headers` does). */
  readonly headers: Readonly<Record<string, string>>;
  /** Clock reading when the call arrived; every planned time counts from it. */
  readonly startedAt: number;
  /** The connection, when an adapter serves the app over sockets. */
  readonly transport: Transport | undefined;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** ms since the call arrived. */
  elapsed(): number;
  /** Sleeps until `atMs` after arrival; rejects (and clears its timer) if the client goes away. */
  sleepUntil(atMs: number): Promise<void>;
  report(event: CallReport): void;
  /** Reports how the call ended, now: the one `settled` event (a second is ignored); the tasks waiting for it then run. */
  settle(settlement: Settlement): void;
  /** Runs `task` once, when the call settles (answered, streamed to the end, failed or abandoned). */
  onSettled(task: () => void): void;
  /** Whether the call has settled. */
  settled(): boolean;
};

type OpenCallOptions = {
  readonly id: string;
  readonly operation: Operation;
  readonly request: Request;
  /** The request's path, as routed. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawModelId: string;
  readonly startedAt: number;
  readonly transport: Transport | undefined;
  readonly clock: Clock;
  readonly report: (event: CallEvent) => void;
};

/**
 * A request's headers as a record, names lower-cased and repeats joined with
 * `, ` as `Headers` joins them; from the adapter's raw list when it has one
 * (building a web `Headers` per request costs more than the rest of the
 * request's bookkeeping).
 *
 * @example
 * headersOf(request, ['Content-Type', 'application/json']) // { 'content-type': 'application/json' }
 */
export function headersOf(request: Request, rawHeaders: readonly string[] | undefined): Record<string, string> {
  if (rawHeaders === undefined) return Object.fromEntries(request.headers.entries());
  const headers: Record<string, string> = Object.create(null) as Record<string, string>; // no prototype: a name like `constructor` is just a name
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    // HTTP/2 pseudo-headers (`:path`…) are not headers.
    if (name.startsWith(':')) continue;
    const value = rawHeaders[index + 1] ?? '';
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/**
 * Opens a call and reports it `received`, at the clock's wall time. Its
 * `settled` event is reported once at most; the tasks waiting for it then run.
 *
 * @example
 * const call = openCall({ id, operation: 'Converse', request, rawModelId, startedAt, transport, clock, report: state.report });
 */
export function openCall(options: OpenCallOptions): Call {
  const { id, clock, startedAt } = options;
  const tasks: (() => void)[] = [];
  let isSettled = false;
  const report = (event: CallReport): void => {
    if (!isSettled) options.report({ ...event, id });
  };
  const settle = ({ status, outcome, error, answeredWhole, playback, framesSent }: Settlement): void => {
    if (isSettled) return;
    isSettled = true;
    const atMs = clock.now() - startedAt;
    options.report({ id, kind: 'settled', status, outcome, error, atMs, firstByteMs: answeredWhole === true ? atMs : undefined, playback, framesSent });
    for (const task of tasks.splice(0)) task();
  };
  report({ kind: 'received', at: new Date(epochMsOf(clock)).toISOString(), route: `${options.request.method} ${options.path}`, operation: options.operation });
  // The client going away ends every wait of the call, whichever way the adapter learns of it.
  const closed = options.transport?.closed;
  const signal = closed === undefined ? options.request.signal : eitherAborted(options.request.signal, closed);
  return {
    id,
    operation: options.operation,
    request: options.request,
    rawModelId: options.rawModelId,
    headers: options.headers,
    startedAt,
    transport: options.transport,
    signal,
    elapsed: () => clock.now() - startedAt,
    sleepUntil: async (atMs) => {
      const wait = startedAt + atMs - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
    },
    report,
    settle,
    onSettled: (task) => {
      if (isSettled) task();
      else tasks.push(task);
    },
    settled: () => isSettled,
  };
}

/**
 * A signal aborted as soon as either one is, with its reason. Not
 * `AbortSignal.any`: that one holds its sources by weak reference and
 * registers a finalizer, work for every garbage collection, for every call;
 * a call's two signals live and die with it, so plain listeners do.
 *
 * @example
 * const signal = eitherAborted(request.signal, transport.closed);
 */
export function eitherAborted(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (first.aborted) return first;
  if (second.aborted) return second;
  const either = new AbortController();
  const abort = (event: Event): void => {
    if (!either.signal.aborted) either.abort((event.target as AbortSignal).reason);
  };
  first.addEventListener('abort', abort, { once: true });
  second.addEventListener('abort', abort, { once: true });
  return either.signal;
}
