import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { promptLength, type NormalizedRequest, type OutputSchema } from '../../core/fixtures/request.ts';
import type { FixtureContentBlock, FixtureResponse } from '../../core/fixtures/fixture-schema.ts';
import { conformanceProblem, exampleFor } from '../../core/planning/structured-output.ts';
import { createMatchInput, type MatchInput } from '../../core/fixtures/match-input.ts';
import { charactersToRead, explainMisses, selectFixture, testInSlices, type Miss } from '../../core/fixtures/select-fixture.ts';
import type { CallTarget } from '../../apis/invoke-model/families.ts';
import { checkedCachingRules } from '../../apis/invoke-model/prompt-caching.ts';
import { countInputTokens } from '../../apis/invoke-model/format/token-counting.ts';
import { faultException } from '../../core/planning/fault-exceptions.ts';
import { planResponse, type ResponsePlan } from '../../core/planning/plan-response.ts';
import { drawFault, type DrawnStreamFault } from '../../core/planning/run-faults.ts';
import { citationProblems } from '../../core/planning/resolve-citations.ts';
import type { Call } from './call.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { Admission } from './quotas.ts';
import { largeTextCharacters, runInTurns } from './work-in-turns.ts';

/**
 * What a generating call will do: fail before any stream starts (a fixture's
 * `error`, a run-wide HTTP fault, a quota), at `atMs` after arrival — or
 * answer as planned.
 */
type CallDecision =
  | { readonly kind: 'rejected'; readonly atMs: number; readonly exception: BedrockException }
  | { readonly kind: 'answered'; readonly plan: ResponsePlan; readonly statedGuardrail?: FixtureResponse['guardrail'] };

/**
 * The common path of every generating call once its body is parsed: quotas
 * and run-wide faults first (throttling and outages strike before a model
 * runs), then the fixture (or the unmatched policy), then the plan. Reports
 * which fixture answered, or why none did. Throws (or rejects) only for a
 * request that no fixture matches under the `error` policy.
 *
 * A small prompt is decided at once. A large one is worked through a pass
 * at a time (the token estimate, then each matcher that reads much of it),
 * with other requests served in between, and the decision comes as a
 * promise: one client's 20 MB prompt holds up the others for one pass.
 */
export function planCall(state: EmulatorState, call: Call, target: CallTarget, request: NormalizedRequest): CallDecision | Promise<CallDecision> {
  return runInTurns(planSteps(state, call, target, request));
}

function* planSteps(state: EmulatorState, call: Call, target: CallTarget, request: NormalizedRequest): Generator<void, CallDecision, undefined> {
  const { model } = target;
  // A cache breakpoint the model cannot honour is a bad request, refused before anything else.
  const prefix = request.cachePrefix;
  const cacheRules = prefix === undefined ? undefined : checkedCachingRules(prefix, model.base);
  // Parsing a large body was a pass of its own: the estimate reads the prompt again.
  if (promptLength(request) > largeTextCharacters) yield;
  const inputTokens = countInputTokens(request);
  // Tokens the prompt cache will supply do not count toward Bedrock's token quotas.
  const cachedTokens = prefix === undefined || cacheRules === undefined ? 0 : state.promptCache.peekReadTokens(model.base, prefix, cacheRules, state.options.clock.now());
  const admission = state.quotas.admit(model.base, inputTokens - cachedTokens);
  if (admission.kind === 'throttled') return { kind: 'rejected', atMs: 0, exception: new BedrockException('ThrottlingException', admission.message) };
  call.onSettled(() => admission.release());
  const drawn = state.options.faults === undefined ? undefined : drawFault(state.options.faults, state.nextCallIndex());
  if (drawn?.kind === 'http') return { kind: 'rejected', atMs: 0, exception: faultException(drawn.type, {}, model.raw) };
  const input = createMatchInput(request);
  // Matching that may read more than a slice is done a slice at a time; the rest is decided at once.
  const fixtures = state.fixtures();
  if (charactersToRead(fixtures, input) > largeTextCharacters) {
    for (const _stop of testInSlices(fixtures, input, state.usesOf, largeTextCharacters)) {
      yield;
      // A client that has gone is not matched for: its large prompt stops costing anyone anything.
      if (call.signal.aborted) throw new BedrockException('ValidationException', 'The client closed the connection while its prompt was being matched.');
    }
  }
  return decideAnswer(state, call, target, input, { inputTokens, cacheRules, drawn, admission });
}

/** What a call was admitted with, before its fixture is chosen. */
type Admitted = {
  readonly inputTokens: number;
  readonly cacheRules: ReturnType<typeof checkedCachingRules> | undefined;
  readonly drawn: DrawnStreamFault | undefined;
  readonly admission: Admission;
};

/**
 * The fixture (or the unmatched policy) and the plan, in one synchronous
 * step once every matcher it needs has been tested: the fixture's uses are
 * read and recorded with nothing in between, so `times` and sequences hold
 * however many large prompts are matched at once.
 */
function decideAnswer(state: EmulatorState, call: Call, target: CallTarget, input: MatchInput, admitted: Admitted): CallDecision {
  const { request } = input;
  const { model, family } = target;
  const prefix = request.cachePrefix;
  const { inputTokens, cacheRules, drawn } = admitted;
  const selection = selectFixture(state.fixtures(), input, state.usesOf);
  let defaultText = state.options.defaultText;
  if (selection === undefined) {
    const closest = explainMisses(state.fixtures(), input, state.usesOf);
    call.report({ kind: 'unmatched', unmatched: { policy: state.options.unmatched, closest: closest.map((miss) => ({ name: miss.fixture.name, reasons: miss.reasons })) } });
    if (state.options.unmatched === 'error') throw noFixtureMatched(input, closest);
    if (state.options.unmatched === 'echo') defaultText = input.lastUserMessageText() || '(the last user message holds no text)';
  } else {
    state.recordUse(selection.fixture);
    const { file, index } = selection.fixture.source;
    call.report({ kind: 'fixture-selected', fixture: { name: selection.fixture.name, file, index, reason: selection.reason } });
    const error = selection.response.error;
    // The fixture fails this call before any stream starts.
    if (error !== undefined) return { kind: 'rejected', atMs: (error.afterMs ?? 0) * state.options.timeScale, exception: faultException(error.type, error, model.raw) };
  }
  refuseUnforcedToolCall(request, selection?.fixture.name, selection?.response.content);
  if (request.outputSchema !== undefined) {
    if (selection === undefined) defaultText = conformingDefault(request.outputSchema);
    else refuseNonConformingText(request.outputSchema, selection.fixture.name, selection.response);
  }
  if (selection !== undefined && rendersCitations(target)) refuseUncitedDocuments(request, selection.fixture.name, selection.response.content);
  // The cache is consulted once the call is sure to answer: a refused call reads and writes nothing.
  const cache = prefix === undefined || cacheRules === undefined ? undefined : state.promptCache.use(model.base, prefix, cacheRules, state.options.clock.now());
  const plan = planResponse({
    request,
    fixture: selection?.fixture,
    responseIndex: selection?.responseIndex ?? 0,
    defaultText,
    defaultChunking: family.defaultChunking,
    timeScale: state.options.timeScale,
    includeReasoning: family.sendsReasoning(request),
    runFault: drawn,
    inputTokens,
    cache,
  }, state.plans);
  admitted.admission.recordTokens(plan.usage.inputTokens + (plan.usage.cache?.writeTokens ?? 0) + plan.usage.outputTokens);
  return { kind: 'answered', plan, statedGuardrail: selection?.response.guardrail };
}

function noFixtureMatched(input: MatchInput, closest: readonly Miss[]): BedrockException {
  const { request } = input;
  const asked = `${request.operation} request (model ${request.model.raw}, last user message ${JSON.stringify(input.lastUserMessageText().slice(0, 80))})`;
  const listed =
    closest.length === 0
      ? ' No fixtures are loaded.'
      : ` Closest fixtures:\n${closest
          .map((miss, rank) => `  ${rank + 1}. ${miss.fixture.name} (${miss.fixture.source.file}${miss.fixture.source.index === undefined ? '' : `[${miss.fixture.source.index}]`}): ${miss.reasons.join('; ')}`)
          .join('\n')}`;
  return new BedrockException('NoFixtureMatchedException', `bedrock-emulator: no fixture matched this ${asked}.${listed}`);
}

/**
 * A tool choice that forces a call (`any`, or a named tool) is a promise the
 * answer must keep: a fixture that answers without that call is reported
 * here, by name, with what to add — rather than answered in a way the real
 * model could not.
 */
function refuseUnforcedToolCall(request: NormalizedRequest, fixtureName: string | undefined, content: readonly FixtureContentBlock[] | undefined): void {
  const forced = request.forcedTool;
  if (forced === undefined) return;
  const called = (content ?? []).flatMap((block) => ('toolUse' in block ? [block.toolUse.name] : []));
  if (forced.kind === 'any' ? called.length > 0 : called.includes(forced.name)) return;
  const wanted = forced.kind === 'any' ? 'a call to one of its tools' : `a call to the tool "${forced.name}"`;
  const answerer = fixtureName === undefined ? 'no fixture matched, and the default answer has none' : `the fixture "${fixtureName}" answers without ${forced.kind === 'any' ? 'one' : 'it'}`;
  throw new BedrockException('NoFixtureMatchedException', `bedrock-emulator: the request's tool choice forces ${wanted}, but ${answerer}: give the answer a toolUse block${forced.kind === 'tool' ? ` for "${forced.name}"` : ''}.`);
}

/**
 * Structured output is a promise too: a fixture whose text does not conform
 * to the request's schema is reported here, by name, with the first
 * mismatch (a fixture that only calls tools has no text to check).
 */
function refuseNonConformingText(output: OutputSchema, fixtureName: string, response: FixtureResponse): void {
  const text = fixtureText(response);
  if (text === '') return;
  const problem = conformanceProblem(text, output);
  if (problem === undefined) return;
  throw new BedrockException(
    'NoFixtureMatchedException',
    `bedrock-emulator: the request asks for structured output${output.name === undefined ? '' : ` ("${output.name}")`}, but the text of the fixture "${fixtureName}" does not conform to its JSON schema: ${problem}.`,
  );
}

/** Without a fixture, the answer to a structured-output request is JSON made up to conform to its schema. */
function conformingDefault(output: OutputSchema): string {
  const text = JSON.stringify(exampleFor(output.schema));
  const problem = conformanceProblem(text, output);
  if (problem !== undefined) {
    throw new BedrockException('NoFixtureMatchedException', `bedrock-emulator: no fixture matched this structured-output request, and the emulator cannot make up JSON that conforms to its schema (${problem}): add a fixture whose text does.`);
  }
  return text;
}

/** A fixture response's text: its text, or its text blocks joined. */
function fixtureText(response: FixtureResponse): string {
  const parts = response.content?.flatMap((block) => ('text' in block ? [block.text] : [])) ?? (response.text === undefined ? [] : [response.text]);
  return parts.map((part) => (typeof part === 'string' ? part : part.join(''))).join('');
}

/** Converse and Claude's Messages (InvokeModel, Anthropic's API) say citations; the other families drop them from their text. */
function rendersCitations(target: CallTarget): boolean {
  const { operation } = target;
  if (operation === 'Converse' || operation === 'ConverseStream' || operation === 'AnthropicMessages') return true;
  return target.family.provider === 'anthropic' && (operation === 'InvokeModel' || operation === 'InvokeModelWithResponseStream');
}

/**
 * A citation must point at a document the request sent with citations
 * enabled: a fixture that cites anything else is reported here, by name,
 * with each citation that cannot be and why — a real model could not cite it.
 */
function refuseUncitedDocuments(request: NormalizedRequest, fixtureName: string, content: readonly FixtureContentBlock[] | undefined): void {
  const problems = citationProblems(content ?? [], request.documents);
  if (problems.length === 0) return;
  throw new BedrockException('NoFixtureMatchedException', `bedrock-emulator: the fixture "${fixtureName}" answers with citations this request cannot have: ${problems.join('; ')}.`);
}
