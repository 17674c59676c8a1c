import type { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { exceptionOfStreamType, type StreamFaultType } from '../../core/errors/exception-catalog.ts';
import { encodeExceptionFrame } from '../../core/event-stream/encode-frames.ts';
import { maxPaddingLength, minPaddingLength, padding } from '../../core/event-stream/padding.ts';
import { streamFaultAsHttp, streamFaultException } from '../../core/planning/fault-exceptions.ts';
import { hasStreamFault, type ResponsePlan } from '../../core/planning/plan-response.ts';
import { createRandom, deriveSeed } from '../../core/planning/random.ts';
import { buildTimeline, type TimedEvent, type Timeline } from '../../core/planning/timeline.ts';
import { DroppedConnectionError, scheduledResponse, untilAborted, type Schedule, type TimedFrame } from '../../core/playback/play-schedule.ts';
import { reportedError, type Call } from './call.ts';
import type { EmulatorState } from './emulator-state.ts';
import { renderExceptionResponse } from './error-response.ts';
import type { EncodeEvent } from './kept-frames.ts';

/**
 * How an API says that something failed: as an HTTP error response, and as
 * the frame that ends a stream. Bedrock's routes answer in Bedrock's shapes;
 * the OpenAI-compatible and Anthropic routes in theirs.
 */
export type ResponseSurface = {
  readonly renderError: (exception: BedrockException, requestId: string) => Response;
  readonly exceptionFrame: (type: StreamFaultType, exception: BedrockException) => Uint8Array;
  /** The exception a stream fault is sent as, when the API sends it as another (the journal names what was sent). */
  readonly sentAs?: (type: StreamFaultType) => StreamFaultType;
};

/** Bedrock's own: `x-amzn-ErrorType` errors, exception frames in the event stream. */
export const bedrockSurface: ResponseSurface = {
  renderError: renderExceptionResponse,
  exceptionFrame: (type, exception) => encodeExceptionFrame(type, exception.toBody()),
};

/**
 * Answers a call that fails before any stream starts, at its time: an HTTP
 * error, reported as `fault-injected` (a fixture, a fault rule or a quota
 * asked for it).
 */
export async function respondRejected(call: Call, atMs: number, exception: BedrockException, surface: ResponseSurface = bedrockSurface): Promise<Response> {
  await call.sleepUntil(atMs);
  call.settle({ status: exception.status, outcome: 'fault-injected', error: reportedError(exception) });
  return surface.renderError(exception, call.id);
}

/** Headers of an answer given at once; a function of the ms since arrival when one of them tells the latency. */
export type AnswerHeaders = Readonly<Record<string, string>> | ((elapsedMs: number) => Readonly<Record<string, string>>);

/**
 * Answers a call at once, whole, with a JSON body: no fixture, no timing, no
 * fault (CountTokens, embeddings, ApplyGuardrail). Reports it settled. A call
 * that answers a model's invocation (embeddings) is journaled as every call
 * answered whole is, its first byte its end; one that only counts or assesses
 * (CountTokens, ApplyGuardrail) has no first byte in the journal.
 *
 * @example
 * return answerAtOnce(call, { inputTokens: 12 }, { 'x-amzn-RequestId': call.id });
 */
export function answerAtOnce(call: Call, body: unknown, headers: AnswerHeaders, options: { readonly invokesModel?: boolean } = {}): Response {
  const elapsedMs = call.elapsed();
  call.settle({ status: 200, outcome: 'completed', answeredWhole: options.invokesModel === true });
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ...(typeof headers === 'function' ? headers(elapsedMs) : headers) } });
}

/**
 * Answers a streaming call from its timeline: the head when it is due (after
 * a slow first byte), HTTP 200, then each event as a frame at its time, and
 * the ending — an exception frame, a dropped connection, or a hang. Frames
 * that are the same every call are encoded once and kept in the emulator's
 * frames, with the plan, the encoding and its `variant`.
 */
export async function respondStream<E>(
  call: Call,
  state: EmulatorState,
  plan: ResponsePlan,
  timeline: Timeline<E>,
  encoding: { readonly encode: EncodeEvent<E>; readonly variant?: string | undefined },
  headers: Record<string, string>,
  surface: ResponseSurface = bedrockSurface,
): Promise<Response> {
  await call.sleepUntil(timeline.headAtMs);
  const { ending } = timeline;
  const { encode } = encoding;
  // Padding lengths are drawn in frame order from the plan's seed, so the bytes repeat run after run.
  const random = createRandom(deriveSeed(plan.seed, 'padding'));
  const known = state.frames.ofPlan(plan, encode, encoding.variant ?? '');
  const memo = state.frames.byContent;
  const frames: TimedFrame[] = timeline.events.map(({ atMs, event, unique }, index) => ({
    atMs,
    render: () => {
      const pad = padding(random.integer(minPaddingLength, maxPaddingLength));
      if (unique === true) return encode(event, pad, undefined);
      return (known[index] ??= encode(event, pad, memo));
    },
  }));
  // An exception ending is one more frame; drop and hang are how the byte stream itself ends.
  const exception = ending.kind === 'exception' ? { type: ending.fault.type, body: streamFaultException(ending.fault, call.rawModelId) } : undefined;
  if (exception !== undefined) frames.push({ atMs: ending.atMs, render: () => surface.exceptionFrame(exception.type, exception.body) });
  const schedule: Schedule = { frames, ending: ending.kind === 'drop' || ending.kind === 'hang' ? { kind: ending.kind, atMs: ending.atMs } : { kind: 'close' } };
  const faulty = hasStreamFault(plan);
  let firstByteSent = false;
  call.report({ kind: 'streaming', faulty });
  return scheduledResponse(schedule, {
    clock: state.options.clock,
    startedAt: call.startedAt,
    signal: call.request.signal,
    onDrop: () => call.transport?.drop() ?? false,
    // The first write is the call's first byte; the count of frames is reported when the stream settles.
    onProgress: (framesSent, at) => {
      if (!firstByteSent) call.report({ kind: 'frames-sent', framesSent, atMs: at - call.startedAt });
      firstByteSent = true;
    },
    onSettled: (playback, framesSent) => {
      // The exception frame was sent only if playback got to the end.
      const sent = playback === 'completed' ? exception : undefined;
      call.settle({
        status: 200,
        outcome: faulty ? 'fault-injected' : playback === 'completed' ? 'completed' : 'client-aborted',
        error: sent === undefined ? undefined : { type: exceptionOfStreamType(surface.sentAs?.(sent.type) ?? sent.type), message: sent.body.message },
        framesSent,
        playback,
      });
    },
  }, { status: 200, headers: { ...headers, 'x-amzn-RequestId': call.id } });
}

/**
 * Answers a non-streaming call from the same timeline: it waits for the
 * ending, then answers with the events joined into one body. An exception
 * becomes its HTTP form, a drop drops the connection, a hang never answers.
 */
export async function respondWhole<E>(call: Call, plan: ResponsePlan, timeline: Timeline<E>, join: () => object, headers: Record<string, string>, surface: ResponseSurface = bedrockSurface): Promise<Response> {
  const { ending } = timeline;
  await call.sleepUntil(timeline.headAtMs);
  await call.sleepUntil(ending.atMs);
  const outcome = hasStreamFault(plan) ? 'fault-injected' : 'completed';
  switch (ending.kind) {
    case 'hang':
      // Rejects when the client leaves, like every sleep.
      return untilAborted(call.signal);
    case 'exception': {
      const exception = streamFaultAsHttp(ending.fault, call.rawModelId);
      call.settle({ status: exception.status, outcome: 'fault-injected', error: reportedError(exception) });
      return surface.renderError(exception, call.id);
    }
    case 'drop':
      call.settle({ status: 200, outcome: 'fault-injected' });
      if (call.transport?.drop() === true) return new Response(null, { status: 200 });
      return droppedResponse(call);
    case 'complete':
      call.settle({ status: 200, outcome, answeredWhole: true });
      return new Response(JSON.stringify(join()), { status: 200, headers: { 'Content-Type': 'application/json', ...headers, 'x-amzn-RequestId': call.id } });
  }
}

/** Without a socket to drop, a drop is a body that fails as soon as it is read. */
function droppedResponse(call: Call): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(new DroppedConnectionError());
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': call.id } });
}

/**
 * A response in some API's format: its timed events, how one is framed (and
 * the `variant` of the plan's rendering they are, when the events depend on
 * more than the plan: the model a family's chunks are for), and the events
 * joined into a body.
 */
export type Rendered<E> = { readonly events: readonly TimedEvent<E>[]; readonly encode: EncodeEvent<E>; readonly variant?: string | undefined; join(): object };

/**
 * Lays the plan's faults over the rendered events (one timeline), then plays
 * it as a stream or waits for its ending and joins it: how every route
 * answers a plan, whatever its API.
 *
 * @example
 * return respondPlan(call, state, plan, renderConverse(plan), true, eventStreamHeaders);
 */
export function respondPlan<E>(call: Call, state: EmulatorState, plan: ResponsePlan, rendered: Rendered<E>, streams: boolean, headers: Record<string, string>, surface: ResponseSurface = bedrockSurface): Promise<Response> {
  const timeline = buildTimeline(plan.faults, rendered.events);
  return streams ? respondStream(call, state, plan, timeline, rendered, headers, surface) : respondWhole(call, plan, timeline, () => rendered.join(), headers, surface);
}
