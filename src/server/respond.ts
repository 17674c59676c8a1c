import { encodeExceptionFrame } from '../eventstream/encode-frames.ts';
import { exceptionOfStreamType } from '../errors/exception-catalog.ts';
import type { ResponsePlan } from '../fixtures/plan-response.ts';
import { applyFaults, faultEnding, stallShift } from '../playback/apply-faults.ts';
import { DroppedConnectionError, playFrames, untilAborted, type PlaybackOutcome, type TimedFrame } from '../playback/play-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { streamFaultAsHttp, streamFaultPayload } from './fault-exception.ts';
import { sleepFor, sleepUntil, type CallContext } from './plan-call.ts';

const hasFault = (plan: ResponsePlan): boolean => (plan.faults.streamError ?? plan.faults.stall ?? plan.faults.drop) !== undefined;

/**
 * Answers a streaming call: after the fixture's response delay (a slow first
 * byte), HTTP 200 and the frames, each at its time, with the fixture's faults
 * applied (an exception frame, a stall, a dropped connection).
 */
export async function respondStreaming(
  state: EmulatorState,
  call: CallContext,
  plan: ResponsePlan,
  frames: readonly TimedFrame[],
  headers: Record<string, string>,
): Promise<Response> {
  await sleepFor(state, call, plan.faults.responseDelayMs);
  const streamError = plan.faults.streamError ?? { type: 'internalServerException' as const };
  const items = applyFaults(frames, plan.faults, () => {
    const payload = streamFaultPayload(streamError, call.rawModelId);
    call.record.error = { type: exceptionOfStreamType(streamError.type), message: String(payload['message']) };
    return encodeExceptionFrame(streamError.type, payload);
  });
  if (hasFault(plan)) call.record.outcome = 'fault-injected';
  const finished = state.streamStarted();
  call.record.status = 200;
  const body = playFrames(items, {
    clock: state.options.clock,
    startedAt: call.startedAt,
    signal: call.request.signal,
    onDrop: () => call.transport?.drop() ?? false,
    onProgress: (framesSent) => {
      if (call.record.framesSent === 0) call.record.firstByteMs = state.options.clock.now() - call.startedAt;
      call.record.framesSent = framesSent;
    },
    onSettled: (outcome: PlaybackOutcome) => {
      finished(outcome);
      call.finish();
      call.record.durationMs = state.options.clock.now() - call.startedAt;
      if (call.record.outcome === 'pending') call.record.outcome = outcome === 'completed' ? 'completed' : 'client-aborted';
    },
  });
  return new Response(body, { status: 200, headers: { ...headers, 'x-amzn-RequestId': call.requestId } });
}

/**
 * Answers a non-streaming call: it waits as long as the whole stream would
 * take, then answers with the body. Faults strike at the same moments as in
 * the stream: an exception becomes its HTTP form, a drop drops the
 * connection, a stall delays the answer or never gives it.
 */
export async function respondWhole(
  state: EmulatorState,
  call: CallContext,
  plan: ResponsePlan,
  eventTimes: readonly number[],
  body: () => unknown,
  headers: Record<string, string>,
): Promise<Response> {
  try {
    await sleepFor(state, call, plan.faults.responseDelayMs);
    const events = eventTimes.map((atMs) => ({ atMs }));
    if (hasFault(plan)) call.record.outcome = 'fault-injected';
    const ending = faultEnding(plan.faults, events);
    if (ending !== undefined) {
      await sleepUntil(state, call, ending.atMs);
      if (ending.kind === 'stream-error' && plan.faults.streamError !== undefined) throw streamFaultAsHttp(plan.faults.streamError, call.rawModelId);
      if (ending.kind === 'hang') await untilAborted(call.request.signal);
      call.record.status = 200;
      if (call.transport?.drop() === true) return new Response(null, { status: 200 });
      return droppedResponse(call);
    }
    await sleepUntil(state, call, Math.max(plan.endAtMs, eventTimes.at(-1) ?? 0) + stallShift(plan.faults, events)(events.length - 1));
    const elapsed = state.options.clock.now() - call.startedAt;
    Object.assign(call.record, { status: 200, firstByteMs: elapsed, durationMs: elapsed });
    if (call.record.outcome === 'pending') call.record.outcome = 'completed';
    return new Response(JSON.stringify(body()), { status: 200, headers: { 'Content-Type': 'application/json', ...headers, 'x-amzn-RequestId': call.requestId } });
  } finally {
    call.finish();
  }
}

/** Without a socket to drop, a drop is a body that fails as soon as it is read. */
function droppedResponse(call: CallContext): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(new DroppedConnectionError());
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': call.requestId } });
}
