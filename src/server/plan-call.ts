import { BedrockException, invalidModelIdentifier } from '../errors/bedrock-exception.ts';
import type { Chunking } from '../fixtures/fixture-schema.ts';
import { planResponse, type ResponsePlan } from '../fixtures/plan-response.ts';
import { lastUserMessageText, type NormalizedRequest, type Operation, type ParsedRequest } from '../fixtures/request.ts';
import { explainMisses, selectFixture, type Miss } from '../fixtures/select-fixture.ts';
import { defaultChunkingFor, findModelFamily } from '../models/families.ts';
import type { ModelFamily } from '../models/model-family.ts';
import { parseModelId, type ModelId } from '../models/model-id.ts';
import type { EmulatorState } from './emulator-state.ts';
import { estimateInputTokens } from '../fixtures/estimate-tokens.ts';
import { injectedException } from './fault-exception.ts';
import { drawFault, type DrawnFault } from './injected-faults.ts';
import { withoutSecrets, type CallRecord } from './journal.ts';
import type { Transport } from './transport.ts';
import { readJsonBody } from './read-json-body.ts';

/** What every handler gets: the request, its id, when it arrived, its journal record, its connection. */
export type CallContext = {
  readonly request: Request;
  readonly rawModelId: string;
  readonly requestId: string;
  readonly startedAt: number;
  readonly record: CallRecord;
  /** The connection, when an adapter serves the app over sockets. */
  readonly transport: Transport | undefined;
  /** Runs `task` once when the call is over (answered, streamed to the end, failed or abandoned). */
  whenFinished(task: () => void): void;
  /** Marks the call over; runs the `whenFinished` tasks once. */
  finish(): void;
};

export type PlannedCall = { readonly model: ModelId; readonly request: NormalizedRequest; readonly plan: ResponsePlan };

/** The model id of a call, or the ValidationException Bedrock gives for a bad one. */
export function modelOf(call: CallContext): ModelId {
  const model = parseModelId(call.rawModelId);
  if (model === undefined || findModelFamily(model).kind === 'unknown') throw invalidModelIdentifier();
  call.record.model = { raw: model.raw, base: model.base };
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
 * choose the fixture (or apply the unmatched policy), plan the response, and
 * note all of it in the call's journal record.
 */
export async function planCall(
  state: EmulatorState,
  call: CallContext,
  operation: Operation,
  parse: (body: unknown, model: ModelId) => ParsedRequest,
  chunking?: Chunking,
): Promise<PlannedCall> {
  call.record.operation = operation;
  const model = modelOf(call);
  const request: NormalizedRequest = { ...parse(await readJsonBody(call.request), model), headers: headersOf(call.request) };
  call.record.request = { ...request, headers: withoutSecrets(request.headers) };

  // Quotas and run-wide faults strike before any fixture is consulted, as
  // throttling and outages do before a model runs.
  const admission = state.quotas.admit(model.base, estimateInputTokens(request));
  call.whenFinished(() => admission.release());
  const drawn = state.options.faults === undefined ? undefined : drawFault(state.options.faults, state.nextCallIndex());
  if (drawn?.kind === 'http') throw injectedException(drawn.type, {}, model.raw);

  const selection = selectFixture(state.fixtures(), request, state.usesOf);
  let defaultText = state.options.defaultText;
  if (selection === undefined) {
    const closest = explainMisses(state.fixtures(), request, state.usesOf);
    call.record.unmatched = { policy: state.options.unmatched, closest: closest.map((miss) => ({ name: miss.fixture.name, reasons: miss.reasons })) };
    if (state.options.unmatched === 'error') throw noFixtureMatched(request, closest);
    if (state.options.unmatched === 'echo') defaultText = lastUserMessageText(request) || '(the last user message holds no text)';
  } else {
    state.recordUse(selection.fixture);
    const { file, index } = selection.fixture.source;
    call.record.fixture = { name: selection.fixture.name, file, index, reason: selection.reason };
    const error = selection.response.error;
    if (error !== undefined) {
      // The fixture fails this call before any stream starts.
      await sleepFor(state, call, (error.afterMs ?? 0) * state.options.timeScale);
      throw injectedException(error.type, error, model.raw);
    }
  }
  const planned = planResponse({
    request,
    fixture: selection?.fixture,
    responseIndex: selection?.responseIndex ?? 0,
    defaultText,
    defaultChunking: chunking ?? defaultChunkingFor(model.provider),
    timeScale: state.options.timeScale,
  });
  admission.recordTokens(planned.usage.inputTokens + planned.usage.outputTokens);
  return { model, request, plan: withDrawnFault(planned, drawn) };
}

/** A run-wide stream fault replaces whatever the fixture planned to go wrong. */
function withDrawnFault(plan: ResponsePlan, drawn: DrawnFault | undefined): ResponsePlan {
  if (drawn === undefined || drawn.kind === 'http') return plan;
  const faults = { responseDelayMs: plan.faults.responseDelayMs, streamError: undefined, stall: undefined, drop: undefined };
  if (drawn.kind === 'stream') return { ...plan, faults: { ...faults, streamError: { type: drawn.type, afterChunks: drawn.afterChunks } } };
  if (drawn.kind === 'drop') return { ...plan, faults: { ...faults, drop: { afterChunks: drawn.afterChunks } } };
  return { ...plan, faults: { ...faults, stall: { afterChunks: drawn.afterChunks } } };
}

function headersOf(request: Request): Record<string, string> {
  return Object.fromEntries(request.headers.entries());
}

function noFixtureMatched(request: NormalizedRequest, closest: readonly Miss[]): BedrockException {
  const asked = `${request.operation} request (model ${request.model.raw}, last user message ${JSON.stringify(lastUserMessageText(request).slice(0, 80))})`;
  const listed =
    closest.length === 0
      ? ' No fixtures are loaded.'
      : ` Closest fixtures:\n${closest
          .map((miss, rank) => `  ${rank + 1}. ${miss.fixture.name} (${miss.fixture.source.file}${miss.fixture.source.index === undefined ? '' : `[${miss.fixture.source.index}]`}): ${miss.reasons.join('; ')}`)
          .join('\n')}`;
  return new BedrockException('NoFixtureMatchedException', `bedrock-emulator: no fixture matched this ${asked}.${listed}`);
}

/** Sleeps `ms` on the emulator's clock, cut short (rejecting) if the client goes away. */
export async function sleepFor(state: EmulatorState, call: CallContext, ms: number): Promise<void> {
  if (ms > 0) await state.options.clock.sleep(ms, call.request.signal);
}

/** Sleeps until `atMs` after the call arrived. */
export async function sleepUntil(state: EmulatorState, call: CallContext, atMs: number): Promise<void> {
  await sleepFor(state, call, call.startedAt + atMs - state.options.clock.now());
}
