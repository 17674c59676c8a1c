import type { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { exceptionOfStreamType, type StreamFaultType } from '../../core/errors/exception-catalog.ts';
import { encodeExceptionFrame } from '../../core/event-stream/encode-frames.ts';
import { maxPaddingLength, minPaddingLength, padding } from '../../core/event-stream/padding.ts';
import { streamFaultAsHttp, streamFaultException } from '../../core/planning/fault-exceptions.ts';
import { hasStreamFault, type ResponsePlan } from '../../core/planning/plan-response.ts';
import { createRandom, deriveSeed } from '../../core/planning/random.ts';
import { buildTimeline, type TimedEvent, type Timeline } from '../../core/planning/timeline.ts';
import type { Clock } from '../../core/playback/clock.ts';
import { DroppedConnectionError, scheduledResponse, untilAborted, type Schedule, type TimedFrame } from '../../core/playback/play-schedule.ts';
import type { Call } from './call.ts';
import { renderExceptionResponse } from './error-response.ts';

/** Frames one event of a stream, with Bedrock's `p` padding (docs/protocol/response-stream.md#the-p-padding); `unique` when it is new every call. */
export type EncodeEvent<E> = (event: E, padding: string, unique: boolean) => Uint8Array;

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
  call.report({ kind: 'settled', status: exception.status, outcome: 'fault-injected', error: { type: exception.name, message: exception.message }, atMs: call.elapsed() });
  return surface.renderError(exception, call.id);
}

/**
 * The frames a plan has been encoded to so far, by position, per encoding.
 * Planning gives the same plan object for the same fixture asked the same way,
 * and a plan's events are the same every time but for the `unique` ones (a
 * fresh id), which are never kept: so a repeated stream is not encoded again.
 */
const framesByPlan = new WeakMap<ResponsePlan, Map<EncodeEvent<never>, (Uint8Array | undefined)[]>>();

function knownFrames<E>(plan: ResponsePlan, encode: EncodeEvent<E>): (Uint8Array | undefined)[] {
  let byEncoding = framesByPlan.get(plan);
  if (byEncoding === undefined) {
    byEncoding = new Map();
    framesByPlan.set(plan, byEncoding);
  }
  let known = byEncoding.get(encode);
  if (known === undefined) {
    known = [];
    byEncoding.set(encode, known);
  }
  return known;
}

/**
 * Answers a streaming call from its timeline: the head when it is due (after
 * a slow first byte), HTTP 200, then each event as a frame at its time, and
 * the ending — an exception frame, a dropped connection, or a hang.
 */
export async function respondStream<E>(
  call: Call,
  clock: Clock,
  plan: ResponsePlan,
  timeline: Timeline<E>,
  encode: EncodeEvent<E>,
  headers: Record<string, string>,
  surface: ResponseSurface = bedrockSurface,
): Promise<Response> {
  await call.sleepUntil(timeline.headAtMs);
  const { ending } = timeline;
  // Padding lengths are drawn in frame order from the plan's seed, so the bytes repeat run after run.
  const random = createRandom(deriveSeed(plan.seed, 'padding'));
  const known = knownFrames(plan, encode);
  const frames: TimedFrame[] = timeline.events.map(({ atMs, event, unique }, index) => ({
    atMs,
    render: () => {
      const pad = padding(random.integer(minPaddingLength, maxPaddingLength));
      if (unique === true) return encode(event, pad, true);
      return (known[index] ??= encode(event, pad, false));
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
    clock,
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
      call.report({
        kind: 'settled',
        status: 200,
        outcome: faulty ? 'fault-injected' : playback === 'completed' ? 'completed' : 'client-aborted',
        error: sent === undefined ? undefined : { type: exceptionOfStreamType(surface.sentAs?.(sent.type) ?? sent.type), message: sent.body.message },
        atMs: call.elapsed(),
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
      call.report({ kind: 'settled', status: exception.status, outcome: 'fault-injected', error: { type: exception.name, message: exception.message }, atMs: call.elapsed() });
      return surface.renderError(exception, call.id);
    }
    case 'drop':
      call.report({ kind: 'settled', status: 200, outcome: 'fault-injected', error: undefined, atMs: call.elapsed() });
      if (call.transport?.drop() === true) return new Response(null, { status: 200 });
      return droppedResponse(call);
    case 'complete': {
      const elapsed = call.elapsed();
      call.report({ kind: 'settled', status: 200, outcome, error: undefined, atMs: elapsed, firstByteMs: elapsed });
      return new Response(JSON.stringify(join()), { status: 200, headers: { 'Content-Type': 'application/json', ...headers, 'x-amzn-RequestId': call.id } });
    }
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

/** A response in some API's format: its timed events, how one is framed, and the events joined into a body. */
export type Rendered<E> = { readonly events: readonly TimedEvent<E>[]; readonly encode: EncodeEvent<E>; join(): object };

/**
 * Lays the plan's faults over the rendered events (one timeline), then plays
 * it as a stream or waits for its ending and joins it: how every route
 * answers a plan, whatever its API.
 *
 * @example
 * return respondPlan(call, state.options.clock, plan, renderConverse(plan), true, eventStreamHeaders);
 */
export function respondPlan<E>(call: Call, clock: Clock, plan: ResponsePlan, rendered: Rendered<E>, streams: boolean, headers: Record<string, string>, surface: ResponseSurface = bedrockSurface): Promise<Response> {
  const timeline = buildTimeline(plan.faults, rendered.events);
  return streams ? respondStream(call, clock, plan, timeline, rendered.encode, headers, surface) : respondWhole(call, plan, timeline, () => rendered.join(), headers, surface);
}
