import { epochMsOf, type Clock } from '../../core/playback/clock.ts';
import { untilAborted } from '../../core/playback/play-schedule.ts';
import type { FunctionConfig } from './function-config.ts';
import { timeoutError, type HandlerRunner, type InvocationOutput, type LambdaError } from './invocation.ts';
import type { InvocationEvent, InvocationOutcome, InvocationVia } from './invocation-log.ts';

/** A function as the front doors invoke it: its runner, its limits, where its invocations are reported. */
export type InvocableFunction = {
  readonly config: FunctionConfig;
  readonly runner: HandlerRunner;
  readonly functionArn: string;
  readonly clock: Clock;
  readonly report: (event: InvocationEvent) => void;
};

/** Why an invocation ended before its function finished. */
export type EndedBy = 'timed-out' | 'client-aborted';

/** One invocation under way. */
export type StartedInvocation = {
  readonly requestId: string;
  /** When it was received, by the function's clock. */
  readonly now: Date;
  /** The function's output once it starts answering; undefined if the invocation ended first. */
  readonly output: Promise<InvocationOutput | undefined>;
  /** Aborts when the invocation ends early: at the function's deadline, or abandoned. */
  readonly ended: AbortSignal;
  endedBy(): EndedBy | undefined;
  /** The caller gives up on it (a client that left): the function's response stream closes. */
  abandon(reason: Error): void;
  /** Reports how it ended, once: the status its caller got and the function's error. */
  settle(status: number, error: LambdaError | undefined, outcome?: Exclude<InvocationOutcome, 'pending'>): void;
  /** ms since it was received. */
  elapsed(): number;
};

/**
 * Starts one invocation of a function under its timeout, apart from any
 * front door: at the deadline the runner is told (the runtime mode resets the
 * environment) and `ended` aborts; whether the caller still waits is the
 * front door's business (a Function URL answers 502, API Gateway may have
 * answered 504 long before while the function ran on).
 *
 * @example
 * const invocation = startInvocation(fn, 'rest-api', (requestId, now) => restEvent(request, { requestId, now }));
 * const output = await invocation.output;
 */
export function startInvocation(fn: InvocableFunction, via: InvocationVia, eventFor: (requestId: string, now: Date) => unknown, options: { readonly clientContext?: string | undefined } = {}): StartedInvocation {
  const { config, runner, clock, report } = fn;
  const requestId = crypto.randomUUID();
  const now = new Date(epochMsOf(clock));
  const startedAt = clock.now();
  const elapsed = (): number => clock.now() - startedAt;
  const timeoutMs = config.timeoutSeconds * 1000;
  report({ requestId, kind: 'received', via });
  const abort = new AbortController();
  let endedBy: EndedBy | undefined;
  let settled = false;
  const deadline = new AbortController();
  const settle = (status: number, error: LambdaError | undefined, outcome?: Exclude<InvocationOutcome, 'pending'>): void => {
    if (settled) return;
    settled = true;
    deadline.abort();
    report({
      requestId,
      kind: 'settled',
      status,
      error: endedBy === 'timed-out' ? timeoutError(config.timeoutSeconds) : error,
      outcome: outcome ?? endedBy ?? (error === undefined ? 'completed' : 'function-error'),
      atMs: elapsed(),
    });
  };
  clock.sleep(timeoutMs, deadline.signal).then(
    () => {
      if (endedBy !== undefined) return;
      endedBy = 'timed-out';
      runner.timedOut(requestId);
      abort.abort(new Error(timeoutError(config.timeoutSeconds).errorMessage));
    },
    () => undefined,
  );
  const invoked = runner.invoke({ requestId, event: eventFor(requestId, now), deadlineMs: now.getTime() + timeoutMs, functionArn: fn.functionArn, clientContext: options.clientContext, signal: abort.signal });
  // A handler that has not answered when the invocation ends may never answer: do not wait for it.
  const output = Promise.race([invoked, untilAborted(abort.signal).catch(() => undefined)]).then((answered) => {
    if (answered !== undefined && !abort.signal.aborted) return answered;
    // It ended first: whatever the function answers now goes nowhere.
    void invoked.then((late) => (late.kind === 'stream' ? late.body.cancel() : undefined)).catch(() => undefined);
    return undefined;
  });
  return {
    requestId,
    now,
    output,
    ended: abort.signal,
    endedBy: () => endedBy,
    abandon: (reason) => {
      if (abort.signal.aborted) return;
      endedBy ??= 'client-aborted';
      abort.abort(reason);
    },
    settle,
    elapsed,
  };
}
