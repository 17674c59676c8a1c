import { BedrockException, invalidModelIdentifier } from '../errors/bedrock-exception.ts';
import type { Chunking } from '../fixtures/fixture-schema.ts';
import { planResponse, type ResponsePlan } from '../fixtures/plan-response.ts';
import type { NormalizedRequest } from '../fixtures/request.ts';
import { selectFixture } from '../fixtures/select-fixture.ts';
import { defaultChunkingFor, findModelFamily } from '../models/families.ts';
import type { ModelFamily } from '../models/model-family.ts';
import { parseModelId, type ModelId } from '../models/model-id.ts';
import type { EmulatorState } from './emulator-state.ts';
import { readJsonBody } from './read-json-body.ts';

/** What every handler gets: the request, its id and when it arrived. */
export type CallContext = {
  readonly request: Request;
  readonly rawModelId: string;
  readonly requestId: string;
  readonly startedAt: number;
};

export type PlannedCall = { readonly model: ModelId; readonly request: NormalizedRequest; readonly plan: ResponsePlan };

/** The model id of a call, or the ValidationException Bedrock gives for a bad one. */
export function modelOf(call: CallContext): ModelId {
  const model = parseModelId(call.rawModelId);
  if (model === undefined || findModelFamily(model).kind === 'unknown') throw invalidModelIdentifier();
  return model;
}

/** The family that speaks InvokeModel bodies for a model, or Bedrock's error. */
export function invokeFamilyOf(model: ModelId): ModelFamily {
  const lookup = findModelFamily(model);
  if (lookup.kind === 'found') return lookup.family;
  if (lookup.kind === 'not-emulated') {
    throw new BedrockException(
      'ValidationException',
      `bedrock-emulator does not emulate InvokeModel bodies for the "${lookup.provider}" model family yet; use an anthropic.* model id, or Converse.`,
    );
  }
  throw invalidModelIdentifier();
}

/**
 * The common path of every generating call: read and validate the body,
 * choose the fixture, plan the response.
 */
export async function planCall(
  state: EmulatorState,
  call: CallContext,
  parse: (body: unknown, model: ModelId) => NormalizedRequest,
  chunking?: Chunking,
): Promise<PlannedCall> {
  const model = modelOf(call);
  const request = parse(await readJsonBody(call.request), model);
  const plan = planResponse({
    request,
    fixture: selectFixture(state.fixtures(), request),
    defaultText: state.options.defaultText,
    defaultChunking: chunking ?? defaultChunkingFor(model.provider),
    timeScale: state.options.timeScale,
  });
  return { model, request, plan };
}

/** Waits until the plan's last event would have left: a non-streaming call answers then, like Bedrock. */
export async function waitForEnd(state: EmulatorState, call: CallContext, plan: ResponsePlan): Promise<void> {
  const wait = call.startedAt + plan.endAtMs - state.options.clock.now();
  if (wait > 0) await state.options.clock.sleep(wait, call.request.signal);
}
