import type { Hono } from 'hono';
import { routeFor } from '../../apis/registry.ts';
import { parseConverseRequest } from '../../apis/converse/parse-converse-request.ts';
import { joinConverseResponse, renderConverseStream, type ConverseEvent, type ConverseExtras } from '../../apis/converse/render-converse.ts';
import { selectResponseFields } from '../../apis/converse/select-response-fields.ts';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { encodeChunkFrame, encodeEventFrame, encodeExceptionFrame } from '../../core/event-stream/encode-frames.ts';
import { promptLength, serviceTiers, type BedrockGeneratingOperation, type NormalizedRequest, type ParsedRequest, type ResponseOptions, type ServiceTier } from '../../core/fixtures/request.ts';
import { embedFormatOf, invokeFormatOf, refuseUncountedModel, type CallTarget } from '../../apis/invoke-model/families.ts';
import { applyPrompt } from '../../apis/converse/apply-prompt.ts';
import type { EmbedFormat } from '../../apis/invoke-model/embeddings/embed-formats.ts';
import { parseJsonBytes, readJsonBody } from '../call/read-json-body.ts';
import type { ModelEvent } from '../../apis/invoke-model/format/model-family.ts';
import type { ResponsePlan } from '../../core/planning/plan-response.ts';
import type { Call } from '../call/call.ts';
import { authenticateCall, authorizeCall, bytesToVerify, open, parse, reportParsed, resolve } from '../call/call-steps.ts';
import type { EmulatorEnv } from '../call/emulator-env.ts';
import type { EmulatorState } from '../call/emulator-state.ts';
import { planCall } from '../call/plan-call.ts';
import { largeTextCharacters, nextTurn } from '../call/work-in-turns.ts';
import { answerAtOnce, bedrockSurface, respondPlan, respondRejected, type Rendered, type ResponseSurface } from '../call/respond.ts';
import type { EncodeEvent } from '../call/kept-frames.ts';
import { countTokensRequest } from '../../apis/count-tokens/count-tokens.ts';
import { countInputTokens } from '../../apis/invoke-model/format/token-counting.ts';
import { converseGuardedTexts, invokeGuardedTexts, type GuardedText } from '../guardrails/guarded-texts.ts';
import type { GuardrailVerdict } from '../guardrails/assess-guardrail.ts';
import { blockedInputPlan, converseGuardrail, converseTrace, guardInput, guardOutput, invokeGuardrail, invokeGuardrailFields, type ActiveGuardrail, type GuardedOutput } from '../call/guard-call.ts';
import { epochMsOf } from '../../core/playback/clock.ts';

/** What a guardrail did around a call: its input verdict and, when the model answered, its output. */
type Guarded = { readonly active: ActiveGuardrail; readonly input: GuardrailVerdict; readonly output: GuardedOutput | undefined };

/** The guardrail a call names and the texts of its prompt it assesses. */
type GuardRequest = { readonly active: ActiveGuardrail; readonly texts: { texts: GuardedText[]; totalCharacters: number } };

/** How one generating operation reads its body and answers a plan. */
type OperationSpec = {
  readonly streams: boolean;
  /** The body the call really is (a prompt ARN's stored prompt filled in); default: as sent. */
  prepare?(body: unknown, target: CallTarget): unknown;
  parse(body: unknown, target: CallTarget): ParsedRequest;
  /** The guardrail the request names (throws Bedrock's ValidationException for one that does not exist). */
  guard(body: unknown, request: NormalizedRequest, state: EmulatorState): GuardRequest | undefined;
  answer(call: Call, state: EmulatorState, plan: ResponsePlan, target: CallTarget, request: NormalizedRequest, guarded?: Guarded): Promise<Response>;
};

/**
 * ConverseStream's exception union has no `modelTimeoutException`: a model
 * that times out mid-stream reaches its client as a
 * `modelStreamErrorException` carrying the timeout (its original status
 * 408), so every client sees a typed error.
 */
const converseStreamSurface: ResponseSurface = {
  renderError: bedrockSurface.renderError,
  exceptionFrame: (type, exception) =>
    type === 'modelTimeoutException'
      ? encodeExceptionFrame('modelStreamErrorException', { message: exception.message, originalStatusCode: 408, originalMessage: exception.message })
      : bedrockSurface.exceptionFrame(type, exception),
  sentAs: (type) => (type === 'modelTimeoutException' ? 'modelStreamErrorException' : type),
};

const eventStreamHeaders = { 'Content-Type': 'application/vnd.amazon.eventstream' };

const parseInvoke = (body: unknown, target: CallTarget): ParsedRequest => invokeFormatOf(target).parseBody(body, target.operation, target.model);
const parseConverse = (body: unknown, target: CallTarget): ParsedRequest => parseConverseRequest(body, target.operation, target.model);
// A prompt ARN's call is its stored prompt, filled in, with the request's messages after it: that body is the one parsed and guarded.
const withPrompt = (body: unknown, target: CallTarget): unknown => (target.prompt === undefined ? body : applyPrompt(body, target.prompt));

/** One model event as its `chunk` frame. */
const encodeChunk: EncodeEvent<ModelEvent> = (event, pad, memo) => encodeChunkFrame(event, pad, memo);

/**
 * The family's events; under a guardrail its fields join the last chunk and the body.
 * One fixture's plan renders as different chunks for each family (and Claude's names
 * its model): the frames kept with a plan are kept per model (the `variant`).
 */
function renderInvoke(state: EmulatorState, plan: ResponsePlan, target: CallTarget, guarded?: Guarded): Rendered<ModelEvent> {
  const response = invokeFormatOf(target).render(plan, target.model, epochMsOf(state.options.clock));
  const variant = target.model.base;
  if (guarded === undefined) return { events: response.events, encode: encodeChunk, variant, join: () => response.join() };
  const fields = invokeGuardrailFields(guarded.active, guarded.input, guarded.output);
  // The guardrail's fields are this call's, not the plan's: the last chunk's frame is never kept with the plan's frames.
  const events = response.events.map((timed, index) => (index === response.events.length - 1 ? { ...timed, unique: true as const, event: { ...timed.event, ...fields } } : timed));
  return { events, encode: encodeChunk, variant, join: () => ({ ...response.join(), ...fields }) };
}

const guardConverse = (body: unknown, _request: NormalizedRequest, state: EmulatorState): GuardRequest | undefined => {
  const active = converseGuardrail(body, state.options.guardrails);
  return active === undefined ? undefined : { active, texts: converseGuardedTexts(body) };
};

const guardInvoke = (body: unknown, request: NormalizedRequest, state: EmulatorState): GuardRequest | undefined => {
  const named = invokeGuardrail(request.headers, body, state.options.guardrails);
  return named === undefined ? undefined : { active: named.active, texts: invokeGuardedTexts(request, named.tagSuffix) };
};

/** One ConverseStream event as its frame: the payload with Bedrock's `p` padding. One function, so frames kept per plan are found again. */
const encodeConverseEvent: EncodeEvent<ConverseEvent> = (event, pad, memo) => encodeEventFrame(event.type, { ...event.payload, p: pad }, memo);

/**
 * The Converse events, with what the request asked echoed or selected; under
 * a guardrail with its trace on, `trace` goes in `metadata` and the body.
 */
function renderConverse(state: EmulatorState, plan: ResponsePlan, target: CallTarget, request: NormalizedRequest, guarded?: Guarded): Rendered<ConverseEvent> {
  const rendered = renderConverseStream(plan, converseExtras(state, plan, target, request.responseOptions));
  const trace = guarded === undefined ? undefined : converseTrace(guarded.active, guarded.input, guarded.output);
  if (trace === undefined) return { events: rendered, encode: encodeConverseEvent, join: () => joinConverseResponse(rendered.map((timed) => timed.event)) };
  // The trace is this call's, not the plan's: its frame is never kept with the plan's frames.
  const events = rendered.map((timed) => (timed.event.type === 'metadata' ? { ...timed, unique: true as const, event: { ...timed.event, payload: { ...timed.event.payload, trace } } } : timed));
  return { events, encode: encodeConverseEvent, join: () => ({ ...joinConverseResponse(events.map((timed) => timed.event)), trace }) };
}

/**
 * What a Converse answer echoes of its request (`performanceConfig`,
 * `serviceTier`) and the fields it selects from the model's own response —
 * the body the family's InvokeModel would answer with (none for a family
 * whose body is not emulated).
 */
function converseExtras(state: EmulatorState, plan: ResponsePlan, target: CallTarget, options: ResponseOptions | undefined): ConverseExtras {
  const paths = options?.additionalFieldPaths;
  const native = (): unknown => (target.family.invoke === undefined ? {} : target.family.invoke.render(plan, target.model, epochMsOf(state.options.clock)).join());
  return {
    ...(options?.performanceLatency === undefined ? {} : { performanceConfig: { latency: options.performanceLatency } }),
    ...(options?.serviceTier === undefined ? {} : { serviceTier: { type: options.serviceTier } }),
    ...(paths === undefined || paths.length === 0 ? {} : { additionalModelResponseFields: selectResponseFields(native(), paths) }),
  };
}

/** InvokeModel's performance and service-tier headers, and the members Bedrock's model names them by. */
const echoedHeaders = [
  { header: 'X-Amzn-Bedrock-PerformanceConfig-Latency', member: 'performanceConfigLatency', allowed: ['standard', 'optimized'] },
  { header: 'X-Amzn-Bedrock-Service-Tier', member: 'serviceTier', allowed: serviceTiers },
] as const;

/**
 * InvokeModel takes its performance configuration and service tier as
 * headers: checked like Bedrock's members (its enum message) before the call
 * is planned, and kept to be echoed on the answer.
 */
function withInvokeOptions(operation: BedrockGeneratingOperation, request: NormalizedRequest): NormalizedRequest {
  if (operation !== 'InvokeModel' && operation !== 'InvokeModelWithResponseStream') return request;
  const [latency, tier] = echoedHeaders.map(({ header, member, allowed }) => {
    const value = request.headers[header.toLowerCase()];
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      throw new BedrockException('ValidationException', `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value;
  });
  return { ...request, responseOptions: { performanceLatency: latency as 'standard' | 'optimized' | undefined, serviceTier: tier as ServiceTier | undefined } };
}

/** The echo of InvokeModel's performance and service-tier headers. */
function invokeEchoHeaders(request: NormalizedRequest): Record<string, string> {
  const { performanceLatency, serviceTier } = request.responseOptions ?? {};
  return { ...(performanceLatency === undefined ? {} : { 'X-Amzn-Bedrock-PerformanceConfig-Latency': performanceLatency }), ...(serviceTier === undefined ? {} : { 'X-Amzn-Bedrock-Service-Tier': serviceTier }) };
}

/**
 * The four generating operations (docs/protocol/transport.md#operations-and-routes): InvokeModel and
 * Converse, each whole or streamed. They differ only in their body format,
 * whether they stream, and their headers; Converse speaks for every family.
 */
const operations: Readonly<Record<BedrockGeneratingOperation, OperationSpec>> = {
  InvokeModelWithResponseStream: {
    streams: true,
    parse: parseInvoke,
    guard: guardInvoke,
    answer: (call, state, plan, target, request, guarded) =>
      respondPlan(call, state, plan, renderInvoke(state, plan, target, guarded), true, { ...eventStreamHeaders, 'X-Amzn-Bedrock-Content-Type': 'application/json', ...invokeEchoHeaders(request) }),
  },
  InvokeModel: {
    streams: false,
    parse: parseInvoke,
    guard: guardInvoke,
    answer: (call, state, plan, target, request, guarded) =>
      respondPlan(call, state, plan, renderInvoke(state, plan, target, guarded), false, {
        'X-Amzn-Bedrock-Input-Token-Count': String(plan.usage.inputTokens),
        'X-Amzn-Bedrock-Output-Token-Count': String(plan.usage.outputTokens),
        'X-Amzn-Bedrock-Invocation-Latency': String(Math.round(plan.endAtMs)),
        ...invokeEchoHeaders(request),
      }),
  },
  ConverseStream: {
    streams: true,
    prepare: withPrompt,
    parse: parseConverse,
    guard: guardConverse,
    answer: (call, state, plan, target, request, guarded) => respondPlan(call, state, plan, renderConverse(state, plan, target, request, guarded), true, eventStreamHeaders, converseStreamSurface),
  },
  Converse: {
    streams: false,
    prepare: withPrompt,
    parse: parseConverse,
    guard: guardConverse,
    answer: (call, state, plan, target, request, guarded) => respondPlan(call, state, plan, renderConverse(state, plan, target, request, guarded), false, {}),
  },
};

/**
 * Registers the Bedrock Runtime routes. A call goes: resolve the model once,
 * parse the body in its API's format, decide (quota, fault, fixture, plan),
 * render the plan as that API's events, lay the faults over them (one
 * timeline), then play it as a stream or wait for its ending and join it.
 */
export function registerBedrockRoutes(app: Hono<EmulatorEnv>, state: EmulatorState): void {
  for (const [operation, spec] of Object.entries(operations) as [BedrockGeneratingOperation, OperationSpec][]) {
    app.post(routeFor(operation).path, async (c) => {
      const call = open(c, state, operation);
      // Read once: the signature is checked over the same bytes the request is parsed from.
      const bytes = await bytesToVerify(call, state);
      const principal = await authenticateCall(call, state, bytes);
      const target = resolve(call, state);
      authorizeCall(call, state, principal, target);
      const embed = embedFormatOf(target);
      if (embed !== undefined) return answerEmbedding(call, embed, target, bytes);
      let body: unknown;
      const request = withInvokeOptions(
        operation,
        await parse(
          call,
          (json) => {
            body = spec.prepare === undefined ? json : spec.prepare(json, target);
            return spec.parse(body, target);
          },
          { withHeaders: true, bytes },
        ),
      );
      const guard = spec.guard(body, request, state);
      if (guard !== undefined) return answerGuarded(call, state, spec, target, request, guard);
      const decision = await planCall(state, call, target, request);
      if (decision.kind === 'rejected') return respondRejected(call, decision.atMs, decision.exception);
      return spec.answer(call, state, decision.plan, target, request);
    });
  }
  // CountTokens answers by the same estimate the other routes report as usage; it generates nothing.
  app.post(routeFor('CountTokens').path, async (c) => {
    const call = open(c, state, 'CountTokens');
    const bytes = await bytesToVerify(call, state);
    const principal = await authenticateCall(call, state, bytes);
    const target = resolve(call, state);
    authorizeCall(call, state, principal, target);
    refuseUncountedModel(target);
    const request = await parse(call, (body) => countTokensRequest(body, target), { withHeaders: false, bytes });
    return answerAtOnce(call, { inputTokens: countInputTokens(request) }, { 'x-amzn-RequestId': call.id });
  });
}

/**
 * A call under a guardrail: the prompt assessed first (a block answers with
 * the blocked messaging and no model runs; masking changes what the
 * fixtures see), then the planned answer assessed before it is rendered.
 */
async function answerGuarded(call: Call, state: EmulatorState, spec: OperationSpec, target: CallTarget, request: NormalizedRequest, guard: GuardRequest): Promise<Response> {
  // The assessment reads the whole prompt: a pass of its own when the prompt is large.
  if (promptLength(request) > largeTextCharacters) await nextTurn();
  const input = guardInput(guard.active, request, guard.texts);
  if (input.verdict.blocked) {
    const plan = blockedInputPlan(guard.active, 0);
    return spec.answer(call, state, plan, target, request, { active: guard.active, input: input.verdict, output: undefined });
  }
  const decision = await planCall(state, call, target, input.request);
  if (decision.kind === 'rejected') return respondRejected(call, decision.atMs, decision.exception);
  const output = guardOutput(guard.active, decision.plan, spec.streams, decision.statedGuardrail);
  return spec.answer(call, state, output.plan, target, input.request, { active: guard.active, input: input.verdict, output });
}

/**
 * An embeddings model's InvokeModel: the body checked and embedded at once
 * (no fixture, no schedule), reported to the journal with its texts, and
 * answered with Bedrock's token-count header.
 */
async function answerEmbedding(call: Call, format: EmbedFormat, target: CallTarget, bytes: Uint8Array | undefined): Promise<Response> {
  const json = bytes === undefined ? await readJsonBody(call.request, call.headers['content-length']) : await parseJsonBytes(bytes);
  const { body, inputTokens, texts } = format.embed(json, target.model);
  const parsed = {
    operation: call.operation,
    model: { raw: target.model.raw, base: target.model.base },
    system: '',
    messages: [{ role: 'user' as const, content: texts.map((text) => ({ kind: 'text' as const, text })) }],
    maxTokens: undefined,
    stopSequences: [],
    tools: [],
    thinking: false,
  };
  reportParsed(call, parsed, { withHeaders: true });
  return answerAtOnce(call, body, (elapsedMs) => ({ 'x-amzn-RequestId': call.id, 'X-Amzn-Bedrock-Input-Token-Count': String(inputTokens), 'X-Amzn-Bedrock-Invocation-Latency': String(Math.round(elapsedMs)) }), { invokesModel: true });
}
