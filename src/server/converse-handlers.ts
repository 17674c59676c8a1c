import { parseConverseRequest } from '../converse/parse-converse-request.ts';
import { renderConverseResponse, renderConverseStream } from '../converse/render-converse.ts';
import { toConverseFrames } from '../playback/converse-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { planCall, type CallContext } from './plan-call.ts';
import { respondStreaming, respondWhole } from './respond.ts';

/**
 * ConverseStream: HTTP 200 at once, then one event frame per Converse event
 * (`messageStart` … `metadata`), each at its planned time (REFERENCE §5.3).
 * Converse is model-agnostic: any Bedrock provider's model id is accepted.
 */
export async function handleConverseStream(state: EmulatorState, call: CallContext): Promise<Response> {
  const { plan } = await planCall(state, call, 'ConverseStream', (body, model) => parseConverseRequest(body, 'ConverseStream', model));
  return respondStreaming(state, call, plan, toConverseFrames(renderConverseStream(plan), plan.seed), { 'Content-Type': 'application/vnd.amazon.eventstream' });
}

/** Converse: answers after the whole generation time with the Converse JSON body. */
export async function handleConverse(state: EmulatorState, call: CallContext): Promise<Response> {
  const { plan } = await planCall(state, call, 'Converse', (body, model) => parseConverseRequest(body, 'Converse', model));
  const eventTimes = renderConverseStream(plan).map((event) => event.atMs);
  return respondWhole(state, call, plan, eventTimes, () => renderConverseResponse(plan), {});
}
