import { toChunkFrames } from '../playback/chunk-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { invokeFamilyOf, modelOf, planCall, type CallContext } from './plan-call.ts';
import { respondStreaming, respondWhole } from './respond.ts';

/**
 * InvokeModelWithResponseStream: HTTP 200 at once, then one `chunk` frame per
 * model event, each released at its planned time (REFERENCE §3.1).
 */
export async function handleInvokeStream(state: EmulatorState, call: CallContext): Promise<Response> {
  const family = invokeFamilyOf(modelOf(call));
  const operation = 'InvokeModelWithResponseStream';
  const { model, plan } = await planCall(state, call, operation, (body, model) => family.parseInvokeBody(body, operation, model), family.defaultChunking);
  const frames = toChunkFrames(family.renderStreamEvents(plan, model), plan.seed);
  return respondStreaming(state, call, plan, frames, { 'Content-Type': 'application/vnd.amazon.eventstream', 'X-Amzn-Bedrock-Content-Type': 'application/json' });
}

/**
 * InvokeModel: waits as long as the whole generation would take, then answers
 * with the model's JSON body and Bedrock's token-count and latency headers.
 */
export async function handleInvoke(state: EmulatorState, call: CallContext): Promise<Response> {
  const family = invokeFamilyOf(modelOf(call));
  const operation = 'InvokeModel';
  const { model, plan } = await planCall(state, call, operation, (body, model) => family.parseInvokeBody(body, operation, model), family.defaultChunking);
  const eventTimes = family.renderStreamEvents(plan, model).map((event) => event.atMs);
  return respondWhole(state, call, plan, eventTimes, () => family.renderInvokeBody(plan, model), {
    'X-Amzn-Bedrock-Input-Token-Count': String(plan.usage.inputTokens),
    'X-Amzn-Bedrock-Output-Token-Count': String(plan.usage.outputTokens),
    'X-Amzn-Bedrock-Invocation-Latency': String(Math.round(plan.endAtMs)),
  });
}
