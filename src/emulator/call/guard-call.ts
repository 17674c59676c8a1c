import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import type { ParsedRequest } from '../../core/fixtures/request.ts';
import { assessGuardrail, type GuardrailAssessment, type GuardrailVerdict, type StatedAssessment } from '../guardrails/assess-guardrail.ts';
import type { Guardrail } from '../guardrails/guardrail-schema.ts';
import type { GuardrailSet } from '../guardrails/guardrail-set.ts';
import { maskRequest, type GuardedText } from '../guardrails/guarded-texts.ts';
import { deltasText, type PlannedBlock, type ResponsePlan } from '../../core/planning/plan-response.ts';

/*
 * A guardrail around a generating call: the prompt assessed before any
 * fixture is chosen (a block answers with the blocked messaging, masking
 * changes what the fixtures see), the planned answer assessed before it is
 * rendered (a block replaces it, masking rewrites it), and the trace in
 * Bedrock's shapes. The renderers never know: they render a plan.
 */

/** The guardrail a call names, found, with how it was asked for. */
export type ActiveGuardrail = {
  readonly id: string;
  readonly version: string;
  readonly guardrail: Guardrail;
  /** `enabled_full` also lists what found nothing (Bedrock's FULL scope). */
  readonly trace: 'disabled' | 'enabled' | 'enabled_full';
  /** `sync` holds the answer back until assessed; `async` streams it and stops it when the assessment finds something. */
  readonly streamMode: 'sync' | 'async';
};

/**
 * The guardrail a request names, or Bedrock's ValidationException: a
 * malformed identifier, and one (or a version) that does not exist, each
 * with the service's message.
 */
export function findActiveGuardrail(guardrails: GuardrailSet, identifier: string, version: string, trace: ActiveGuardrail['trace'], streamMode: ActiveGuardrail['streamMode']): ActiveGuardrail {
  const found = guardrails.find(identifier, version);
  if (found.kind === 'invalid-identifier') throw new BedrockException('ValidationException', 'The provided guardrail identifier is invalid.');
  if (found.kind === 'not-found') throw new BedrockException('ValidationException', 'The guardrail identifier or version provided in the request does not exist.');
  return { id: found.id, version: found.version, guardrail: found.guardrail, trace, streamMode };
}

/**
 * The guardrail a Converse body's `guardrailConfig` names, if any. An
 * emulator with no guardrails at all answers as it did before guardrails
 * were emulated: the config is checked, not applied, so code that always
 * names its production guardrail keeps working against plain fixtures.
 */
export function converseGuardrail(body: unknown, guardrails: GuardrailSet): ActiveGuardrail | undefined {
  const config = (body as { guardrailConfig?: { guardrailIdentifier: string; guardrailVersion: string; trace?: ActiveGuardrail['trace']; streamProcessingMode?: 'sync' | 'async' } }).guardrailConfig;
  if (config === undefined || guardrails.size === 0) return undefined;
  return findActiveGuardrail(guardrails, config.guardrailIdentifier, config.guardrailVersion, config.trace ?? 'disabled', config.streamProcessingMode ?? 'sync');
}

const invokeTraces = { ENABLED: 'enabled', ENABLED_FULL: 'enabled_full', DISABLED: 'disabled' } as const;

/**
 * The guardrail an InvokeModel call names in its headers
 * (`X-Amzn-Bedrock-GuardrailIdentifier`, `-GuardrailVersion`, `X-Amzn-Bedrock-Trace`),
 * and its body's `amazon-bedrock-guardrailConfig` (`tagSuffix`, `streamProcessingMode`).
 */
export function invokeGuardrail(headers: Readonly<Record<string, string>>, body: unknown, guardrails: GuardrailSet): { active: ActiveGuardrail; tagSuffix: string | undefined } | undefined {
  // As for Converse: with no guardrails at all, the headers are not applied.
  if (guardrails.size === 0) return undefined;
  const identifier = headers['x-amzn-bedrock-guardrailidentifier'];
  const version = headers['x-amzn-bedrock-guardrailversion'];
  const config = body !== null && typeof body === 'object' ? ((body as Record<string, unknown>)['amazon-bedrock-guardrailConfig'] as { tagSuffix?: unknown; streamProcessingMode?: unknown } | undefined) : undefined;
  if (identifier === undefined) {
    // The service model's rule: the body's guardrail config needs the identifier header.
    if (config !== undefined) throw new BedrockException('ValidationException', 'The amazon-bedrock-guardrailConfig field needs a guardrail: set X-Amzn-Bedrock-GuardrailIdentifier and X-Amzn-Bedrock-GuardrailVersion.');
    return undefined;
  }
  if (version === undefined) throw new BedrockException('ValidationException', 'A guardrail identifier needs a guardrail version: set X-Amzn-Bedrock-GuardrailVersion (a number or DRAFT).');
  const trace = invokeTraces[(headers['x-amzn-bedrock-trace'] ?? 'DISABLED').toUpperCase() as keyof typeof invokeTraces] ?? 'disabled';
  const mode = typeof config?.streamProcessingMode === 'string' ? config.streamProcessingMode.toUpperCase() : 'SYNCHRONOUS';
  const tagSuffix = typeof config?.tagSuffix === 'string' ? config.tagSuffix : undefined;
  return { active: findActiveGuardrail(guardrails, identifier, version, trace, mode.startsWith('ASYNC') ? 'async' : 'sync'), tagSuffix };
}

const scopeOf = (active: ActiveGuardrail) => (active.trace === 'enabled_full' ? 'FULL' : 'INTERVENTIONS');

/** The prompt assessed; the request as the model (and the fixtures) will see it. */
export function guardInput<R extends ParsedRequest>(active: ActiveGuardrail, request: R, guarded: { texts: readonly GuardedText[]; totalCharacters: number }): { verdict: GuardrailVerdict; request: R } {
  const verdict = assessGuardrail(active.guardrail, guarded.texts.map((text) => text.text), { source: 'INPUT', scope: scopeOf(active), totalCharacters: guarded.totalCharacters });
  return { verdict, request: verdict.blocked ? request : maskRequest(request, guarded.texts, verdict.texts) };
}

/**
 * The answer to a blocked prompt: the guardrail's blocked input messaging,
 * stop reason `guardrail_intervened`, no tokens (no model ran), sent at once.
 */
export function blockedInputPlan(active: ActiveGuardrail, seed: number): ResponsePlan {
  return {
    fixtureName: undefined,
    blocks: [{ kind: 'text', deltas: [{ text: active.guardrail.blockedInputMessaging, atMs: 0 }] }],
    stopReason: 'guardrail_intervened',
    stopSequence: null,
    usage: { inputTokens: 0, outputTokens: 0 },
    firstTokenAtMs: 0,
    endAtMs: 0,
    seed,
    faults: { responseDelayMs: 0, streamError: undefined, stall: undefined, drop: undefined },
  };
}

/** What the output guardrail did to a plan: the plan to render, and what it found. */
export type GuardedOutput = { readonly plan: ResponsePlan; readonly verdict: GuardrailVerdict; readonly modelOutput: readonly string[] };

const textOf = (block: PlannedBlock): string => deltasText(block.deltas);

/**
 * The planned answer assessed (its text blocks, and what its fixture says a
 * guardrail finds in it). Whole answers and `sync`
 * streams: the text is held until its block ends (as if assessed then), a
 * block replaces the answer with the blocked outputs messaging, masking
 * rewrites it. `async` streams: the text goes as planned and is cut after the
 * delta that completes what the guardrail blocks (Bedrock masks nothing in
 * async mode). Either way a plan the guardrail changed stops with
 * `guardrail_intervened`. The plan is always a new object, so frames kept for
 * the unguarded plan are not reused.
 */
export function guardOutput(active: ActiveGuardrail, plan: ResponsePlan, streams: boolean, stated?: StatedAssessment): GuardedOutput {
  const textBlocks = plan.blocks.filter((block) => block.kind === 'text');
  const modelOutput = textBlocks.map(textOf);
  const assess = (texts: readonly string[]) => assessGuardrail(active.guardrail, texts, { source: 'OUTPUT', scope: scopeOf(active), stated });
  const verdict = assess(modelOutput);
  if (streams && active.streamMode === 'async') {
    if (!verdict.blocked) return { plan: { ...plan }, verdict, modelOutput };
    return { plan: cutWhereBlocked(plan, assess), verdict, modelOutput };
  }
  if (verdict.blocked) {
    const firstAt = textBlocks[0]?.deltas[0]?.atMs ?? plan.firstTokenAtMs;
    const blocks: PlannedBlock[] = [{ kind: 'text', deltas: [{ text: active.guardrail.blockedOutputsMessaging, atMs: Math.max(firstAt, plan.endAtMs) }] }];
    return { plan: { ...plan, blocks, stopReason: 'guardrail_intervened', stopSequence: null }, verdict, modelOutput };
  }
  const blocks = plan.blocks.map((block): PlannedBlock => {
    if (block.kind !== 'text' || block.deltas.length === 0) return block;
    // The verdict's texts are the text blocks' in order, empty ones included.
    const text = verdict.texts[textBlocks.indexOf(block)] ?? textOf(block);
    const heldUntil = block.deltas.at(-1)?.atMs ?? plan.endAtMs;
    // The block keeps what it carries besides its text (its citations).
    return { ...block, deltas: [{ text, atMs: heldUntil }] };
  });
  const intervened = verdict.action === 'GUARDRAIL_INTERVENED';
  return { plan: { ...plan, blocks, ...(intervened ? { stopReason: 'guardrail_intervened' as const, stopSequence: null } : {}) }, verdict, modelOutput };
}

/**
 * The plan up to and including the delta after which the text so far is
 * blocked. Found by halving (a blocked text stays blocked as it grows), so a
 * long answer is assessed a few dozen times, not once per delta.
 */
function cutWhereBlocked(plan: ResponsePlan, assess: (texts: readonly string[]) => GuardrailVerdict): ResponsePlan {
  const positions = plan.blocks.flatMap((block, blockIndex) => (block.kind === 'text' ? block.deltas.map((_, deltaIndex) => ({ blockIndex, deltaIndex })) : []));
  /** The text blocks' texts up to and including the delta at `position`. */
  const textsUpTo = (position: number): string[] => {
    const end = positions[position];
    if (end === undefined) return [];
    return plan.blocks.flatMap((block, blockIndex) => {
      if (block.kind !== 'text' || blockIndex > end.blockIndex) return [];
      const deltas = blockIndex === end.blockIndex ? block.deltas.slice(0, end.deltaIndex + 1) : block.deltas;
      return [deltasText(deltas)];
    });
  };
  // Blocked by what the fixture states rather than by its text: the whole answer goes, then the stop.
  if (!assess(textsUpTo(positions.length - 1)).blocked) return { ...plan, stopReason: 'guardrail_intervened', stopSequence: null };
  let low = 0;
  let high = positions.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (assess(textsUpTo(middle)).blocked) high = middle;
    else low = middle + 1;
  }
  const cut = positions[low];
  if (cut === undefined) return { ...plan, stopReason: 'guardrail_intervened', stopSequence: null };
  const blocks = plan.blocks.slice(0, cut.blockIndex + 1).map((block, blockIndex) => (blockIndex === cut.blockIndex && block.kind === 'text' ? { ...block, deltas: block.deltas.slice(0, cut.deltaIndex + 1) } : block));
  const endAtMs = plan.blocks[cut.blockIndex]?.deltas[cut.deltaIndex]?.atMs ?? plan.endAtMs;
  return { ...plan, blocks, stopReason: 'guardrail_intervened', stopSequence: null, endAtMs };
}

/**
 * Converse's `trace.guardrail` (GuardrailTraceAssessment): the input
 * assessment and the output assessments by guardrail id, the model's own
 * output when the guardrail changed it, and the reason.
 */
export function converseTrace(active: ActiveGuardrail, input: GuardrailVerdict, output: GuardedOutput | undefined): { guardrail: Record<string, unknown> } | undefined {
  if (active.trace === 'disabled') return undefined;
  const intervened = input.action !== 'NONE' || (output !== undefined && output.verdict.action !== 'NONE');
  const reason = output !== undefined && output.verdict.action !== 'NONE' ? output.verdict.actionReason : input.actionReason;
  return {
    guardrail: {
      ...(output !== undefined && output.verdict.action !== 'NONE' ? { modelOutput: output.modelOutput } : {}),
      inputAssessment: { [active.id]: input.assessment },
      ...(output === undefined ? {} : { outputAssessments: { [active.id]: [output.verdict.assessment] } }),
      ...(intervened ? { actionReason: reason } : {}),
    },
  };
}

/**
 * The fields Bedrock adds to an InvokeModel body (and, streaming, to the
 * last chunk): `amazon-bedrock-guardrailAction` (`INTERVENED` | `NONE`) and,
 * with `X-Amzn-Bedrock-Trace`, `amazon-bedrock-trace.guardrail` with the
 * `input` assessment and the `outputs`, by guardrail id.
 */
export function invokeGuardrailFields(active: ActiveGuardrail, input: GuardrailVerdict, output: GuardedOutput | undefined): Record<string, unknown> {
  const intervened = input.action !== 'NONE' || (output !== undefined && output.verdict.action !== 'NONE');
  const byId = (assessment: GuardrailAssessment) => ({ [active.id]: assessment });
  return {
    'amazon-bedrock-guardrailAction': intervened ? 'INTERVENED' : 'NONE',
    ...(active.trace === 'disabled'
      ? {}
      : { 'amazon-bedrock-trace': { guardrail: { input: byId(input.assessment), ...(output === undefined ? {} : { outputs: [byId(output.verdict.assessment)] }) } } }),
  };
}
