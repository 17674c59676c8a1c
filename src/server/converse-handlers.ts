import { parseConverseRequest } from '../converse/parse-converse-request.ts';
import { renderConverseResponse, renderConverseStream } from '../converse/render-converse.ts';
import { toConverseFrames } from '../playback/converse-frames.ts';
import { playFrames } from '../playback/play-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { planCall, recordAnswered, streamJournalHooks, waitForEnd, type CallContext } from './plan-call.ts';

/**
 * ConverseStream: HTTP 200 at once, then one event frame per Converse event
 * (`messageStart` … `metadata`), each at its planned time (REFERENCE §5.3).
 * Converse is model-agnostic: any Bedrock provider's model id is accepted.
 */
export async function handleConverseStream(state: EmulatorState, call: CallContext): Promise<Response> {
  const { plan } = await planCall(state, call, 'ConverseStream', (body, model) => parseConverseRequest(body, 'ConverseStream', model));
  const body = playFrames(toConverseFrames(renderConverseStream(plan), plan.seed), {
    clock: state.options.clock,
    startedAt: call.startedAt,
    signal: call.request.signal,
    ...streamJournalHooks(state, call),
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': call.requestId },
  });
}

/** Converse: answers after the whole generation time with the Converse JSON body. */
export async function handleConverse(state: EmulatorState, call: CallContext): Promise<Response> {
  const { plan } = await planCall(state, call, 'Converse', (body, model) => parseConverseRequest(body, 'Converse', model));
  await waitForEnd(state, call, plan);
  recordAnswered(state, call);
  return new Response(JSON.stringify(renderConverseResponse(plan)), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': call.requestId },
  });
}
