import { BedrockException, invalidModelIdentifier } from '../errors/bedrock-exception.ts';
import { planResponse, type ResponsePlan } from '../fixtures/plan-response.ts';
import type { Operation } from '../fixtures/request.ts';
import { selectFixture } from '../fixtures/select-fixture.ts';
import { findModelFamily } from '../models/families.ts';
import type { ModelFamily } from '../models/model-family.ts';
import { parseModelId, type ModelId } from '../models/model-id.ts';
import { toChunkFrames } from '../playback/chunk-frames.ts';
import { playFrames } from '../playback/play-frames.ts';
import type { EmulatorState } from './emulator-state.ts';
import { readJsonBody } from './read-json-body.ts';

/** What every handler gets: the request, its id and when it arrived. */
export type CallContext = {
  readonly request: Request;
  readonly rawModelId: string;
  readonly requestId: string;
  readonly startedAt: number;
};

type PreparedCall = { readonly model: ModelId; readonly family: ModelFamily; readonly plan: ResponsePlan };

async function prepareCall(state: EmulatorState, call: CallContext, operation: Operation): Promise<PreparedCall> {
  const model = parseModelId(call.rawModelId);
  if (model === undefined) throw invalidModelIdentifier();
  const lookup = findModelFamily(model);
  if (lookup.kind === 'unknown') throw invalidModelIdentifier();
  if (lookup.kind === 'not-emulated') {
    throw new BedrockException(
      'ValidationException',
      `bedrock-emulator does not emulate InvokeModel bodies for the "${lookup.provider}" model family yet; use an anthropic.* model id.`,
    );
  }
  const body = await readJsonBody(call.request);
  const request = lookup.family.parseInvokeBody(body, operation, model);
  const fixture = selectFixture(state.fixtures(), request);
  const plan = planResponse({
    request,
    fixture,
    defaultText: state.options.defaultText,
    defaultChunking: lookup.family.defaultChunking,
    timeScale: state.options.timeScale,
  });
  return { model, family: lookup.family, plan };
}

/**
 * InvokeModelWithResponseStream: HTTP 200 at once, then one `chunk` frame per
 * model event, each released at its planned time (REFERENCE §3.1).
 */
export async function handleInvokeStream(state: EmulatorState, call: CallContext): Promise<Response> {
  const { model, family, plan } = await prepareCall(state, call, 'InvokeModelWithResponseStream');
  const events = family.renderStreamEvents(plan, model);
  const finished = state.streamStarted();
  const body = playFrames(toChunkFrames(events, plan.seed), {
    clock: state.options.clock,
    startedAt: call.startedAt,
    signal: call.request.signal,
    onSettled: finished,
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
  const { model, family, plan } = await prepareCall(state, call, 'InvokeModel');
  const wait = call.startedAt + plan.endAtMs - state.options.clock.now();
  if (wait > 0) await state.options.clock.sleep(wait, call.request.signal);
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
