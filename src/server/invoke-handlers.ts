import { toChunkFrames } from '../playback/chunk-frames.ts';
import { playFrames } from '../playback/play-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { invokeFamilyOf, modelOf, planCall, recordAnswered, streamJournalHooks, waitForEnd, type CallContext } from './plan-call.ts';

/**
 * InvokeModelWithResponseStream: HTTP 200 at once, then one `chunk` frame per
 * model event, each released at its planned time (REFERENCE §3.1).
 */
export async function handleInvokeStream(state: EmulatorState, call: CallContext): Promise<Response> {
  const family = invokeFamilyOf(modelOf(call));
  const operation = 'InvokeModelWithResponseStream';
  const { model, plan } = await planCall(state, call, operation, (body, model) => family.parseInvokeBody(body, operation, model), family.defaultChunking);
  const body = playFrames(toChunkFrames(family.renderStreamEvents(plan, model), plan.seed), {
    clock: state.options.clock,
    startedAt: call.startedAt,
    signal: call.request.signal,
    ...streamJournalHooks(state, call),
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'application/vnd.amazon.eventstream',
      'X-Amzn-Bedrock-Content-Type': 'application/json',
      'x-amzn-RequestId': call.requestId,
    },
  });
}

/**
 * InvokeModel: waits as long as the whole generation would take, then answers
 * with the model's JSON body and Bedrock's token-count and latency headers.
 */
export async function handleInvoke(state: EmulatorState, call: CallContext): Promise<Response> {
  const family = invokeFamilyOf(modelOf(call));
  const operation = 'InvokeModel';
  const { model, plan } = await planCall(state, call, operation, (body, model) => family.parseInvokeBody(body, operation, model), family.defaultChunking);
  await waitForEnd(state, call, plan);
  recordAnswered(state, call);
  return new Response(JSON.stringify(family.renderInvokeBody(plan, model)), {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': call.requestId,
      'X-Amzn-Bedrock-Input-Token-Count': String(plan.usage.inputTokens),
      'X-Amzn-Bedrock-Output-Token-Count': String(plan.usage.outputTokens),
      'X-Amzn-Bedrock-Invocation-Latency': String(Math.round(plan.endAtMs)),
    },
  });
}
