import { blockedConfidences, contentPhrases, profanityWords, type Confidence, type ContentFilterType } from './content-lists.ts';
import { compileSearch } from '../../core/fixtures/text-pattern.ts';
import { findPii } from './detect-pii.ts';
import type { ContentFilter, Guardrail } from './guardrail-schema.ts';

/** Whose text is assessed: the prompt, or the model's answer. */
type GuardrailSource = 'INPUT' | 'OUTPUT';
/** `INTERVENTIONS` reports what was found; `FULL` every configured filter and topic too (Bedrock's `outputScope`, the trace's `enabled_full`). */
type GuardrailScope = 'INTERVENTIONS' | 'FULL';

/** What the guardrail did about some texts, in Bedrock's shapes. */
export type GuardrailVerdict = {
  readonly action: 'NONE' | 'GUARDRAIL_INTERVENED';
  /** A BLOCK policy matched: the texts are replaced by the guardrail's blocked messaging. */
  readonly blocked: boolean;
  readonly actionReason: string;
  /** Each text with its ANONYMIZE matches masked (`{EMAIL}`, `{regex name}`); as given when nothing is masked. */
  readonly texts: readonly string[];
  /** One GuardrailAssessment (topicPolicy, contentPolicy, wordPolicy, sensitiveInformationPolicy, invocationMetrics). */
  readonly assessment: GuardrailAssessment;
  readonly usage: GuardrailUsage;
  readonly coverage: { readonly textCharacters: { readonly guarded: number; readonly total: number } };
};

type GuardrailUsage = {
  readonly topicPolicyUnits: number;
  readonly contentPolicyUnits: number;
  readonly wordPolicyUnits: number;
  readonly sensitiveInformationPolicyUnits: number;
  readonly sensitiveInformationPolicyFreeUnits: number;
  readonly contextualGroundingPolicyUnits: number;
  readonly contentPolicyImageUnits: number;
};

export type GuardrailAssessment = Record<string, unknown>;

type AssessOptions = {
  readonly source: GuardrailSource;
  readonly scope: GuardrailScope;
  /** Characters in the whole request, guarded or not (default: those assessed), for `guardrailCoverage`. */
  readonly totalCharacters?: number;
  /** What the texts are said to hold besides what the lists match (a fixture's `guardrail`): content categories with a confidence, topics by name. */
  readonly stated?: StatedAssessment | undefined;
};

export type StatedAssessment = {
  readonly contentFilters?: Partial<Record<ContentFilterType, Confidence>> | undefined;
  readonly topics?: readonly string[] | undefined;
};

type Action = 'BLOCK' | 'ANONYMIZE' | 'NONE';
const done = { BLOCK: 'BLOCKED', ANONYMIZE: 'ANONYMIZED', NONE: 'NONE' } as const;
type Span = { readonly start: number; readonly end: number; readonly mask: string };

/**
 * Assesses texts against a guardrail, the same way every time: topics by
 * their keywords and examples, content filters by the listed phrases and the
 * filter's strength, words as whole words, PII by pattern, regexes as
 * written. Texts are assessed one by one (each is a content block).
 *
 * @example
 * assessGuardrail(guardrail, ['My email is ana@example.com'], { source: 'INPUT', scope: 'INTERVENTIONS' }).texts // ['My email is {EMAIL}']
 */
export function assessGuardrail(guardrail: Guardrail, texts: readonly string[], options: AssessOptions): GuardrailVerdict {
  const { source, scope } = options;
  const entries = { topics: [] as object[], filters: [] as object[], customWords: [] as object[], managedWordLists: [] as object[], piiEntities: [] as object[], regexes: [] as object[] };
  const spans: Span[][] = texts.map(() => []);
  let blocked = false;
  let masked = false;
  const act = (action: Action): string => {
    if (action === 'BLOCK') blocked = true;
    if (action === 'ANONYMIZE') masked = true;
    return done[action];
  };
  const sided = (policy: { inputAction?: Action | undefined; outputAction?: Action | undefined }, fallback: Action): Action => (source === 'INPUT' ? policy.inputAction : policy.outputAction) ?? fallback;
  const enabled = (policy: { inputEnabled?: boolean | undefined; outputEnabled?: boolean | undefined }): boolean => (source === 'INPUT' ? policy.inputEnabled : policy.outputEnabled) ?? true;

  for (const topic of guardrail.topicPolicy?.topics ?? []) {
    if (!enabled(topic)) continue;
    const phrasesOf = [...(topic.keywords ?? []), ...(topic.examples ?? [])];
    const detected =
      options.stated?.topics?.includes(topic.name) === true || texts.some((text) => (phrasesOf.length === 0 ? [topic.name] : phrasesOf).some((phrase) => findPhrase(text, phrase) !== undefined));
    if (detected) entries.topics.push({ name: topic.name, type: 'DENY', action: act(sided(topic, 'BLOCK')), detected: true });
    else if (scope === 'FULL') entries.topics.push({ name: topic.name, type: 'DENY', action: 'NONE', detected: false });
  }

  for (const filter of guardrail.contentPolicy?.filters ?? []) {
    if (!enabled(filter)) continue;
    // Bedrock's prompt attack filter judges the prompt only.
    const strength = source === 'INPUT' ? filter.inputStrength : filter.type === 'PROMPT_ATTACK' ? 'NONE' : filter.outputStrength;
    const confidence = higher(highestConfidence(filter, texts), options.stated?.contentFilters?.[filter.type] ?? 'NONE');
    const detected = confidence !== 'NONE' && blockedConfidences[strength].includes(confidence);
    if (detected) entries.filters.push({ type: filter.type, confidence, filterStrength: strength, action: act(sided(filter, 'BLOCK')), detected: true });
    else if (scope === 'FULL') entries.filters.push({ type: filter.type, confidence, filterStrength: strength, action: 'NONE', detected: false });
  }

  const words = (guardrail.wordPolicy?.words ?? []).map((word) => (typeof word === 'string' ? word : word.text));
  for (const word of words) {
    const match = firstMatch(texts, word);
    if (match !== undefined) entries.customWords.push({ match, action: act('BLOCK'), detected: true });
  }
  for (const list of guardrail.wordPolicy?.managedWordLists ?? []) {
    for (const word of profanityWords) {
      const match = firstMatch(texts, word);
      if (match !== undefined) entries.managedWordLists.push({ match, type: 'PROFANITY', action: act(sided(list, 'BLOCK')), detected: true });
    }
  }

  const sensitive = guardrail.sensitiveInformationPolicy;
  // Linear time whatever the pattern: the texts are the client's (docs/guardrails.md).
  const searches = (sensitive?.regexes ?? []).map((regex) => compileSearch(regex.pattern));
  const piiActions = new Map((sensitive?.piiEntities ?? []).map((entity) => [entity.type, sided(entity, entity.action)]));
  texts.forEach((text, index) => {
    for (const found of findPii(text, [...piiActions.keys()] as Parameters<typeof findPii>[1])) {
      const action = piiActions.get(found.type) ?? 'NONE';
      entries.piiEntities.push({ match: found.match, type: found.type, action: act(action), detected: true });
      if (action === 'ANONYMIZE') spans[index]?.push({ start: found.start, end: found.end, mask: `{${found.type}}` });
    }
    for (const [position, regex] of (sensitive?.regexes ?? []).entries()) {
      const action = sided(regex, regex.action);
      for (const hit of searches[position]?.findAll(text) ?? []) {
        entries.regexes.push({ name: regex.name, match: hit.match, regex: regex.pattern, action: act(action), detected: true });
        if (action === 'ANONYMIZE') spans[index]?.push({ start: hit.start, end: hit.end, mask: `{${regex.name}}` });
      }
    }
  });

  const assessment: GuardrailAssessment = {};
  const configured = { topic: guardrail.topicPolicy !== undefined, content: guardrail.contentPolicy !== undefined, word: guardrail.wordPolicy !== undefined, sensitive: sensitive !== undefined };
  if (entries.topics.length > 0) assessment['topicPolicy'] = { topics: entries.topics };
  if (entries.filters.length > 0) assessment['contentPolicy'] = { filters: entries.filters };
  if (entries.customWords.length + entries.managedWordLists.length > 0) assessment['wordPolicy'] = { customWords: entries.customWords, managedWordLists: entries.managedWordLists };
  if (entries.piiEntities.length + entries.regexes.length > 0) assessment['sensitiveInformationPolicy'] = { piiEntities: entries.piiEntities, regexes: entries.regexes };

  const guarded = texts.reduce((total, text) => total + text.length, 0);
  const units = texts.reduce((total, text) => total + Math.ceil(text.length / 1000), 0);
  const usage: GuardrailUsage = {
    topicPolicyUnits: configured.topic ? units : 0,
    contentPolicyUnits: configured.content ? units : 0,
    wordPolicyUnits: configured.word ? units : 0,
    sensitiveInformationPolicyUnits: configured.sensitive ? units : 0,
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 0,
    contentPolicyImageUnits: 0,
  };
  const coverage = { textCharacters: { guarded, total: Math.max(guarded, options.totalCharacters ?? guarded) } };
  // A figure, not a measurement: the same texts always report the same latency.
  const guardrailProcessingLatency = 40 + units * 10;
  assessment['invocationMetrics'] = { guardrailProcessingLatency, usage, guardrailCoverage: coverage };

  const intervened = blocked || masked;
  return {
    action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
    blocked,
    actionReason: blocked ? 'Guardrail blocked.' : masked ? 'Guardrail masked.' : 'No action.',
    texts: texts.map((text, index) => applyMasks(text, spans[index] ?? [])),
    assessment,
    usage,
    coverage,
  };
}

/** The highest confidence of a content filter's phrases found in any text, or NONE. */
function highestConfidence(filter: ContentFilter, texts: readonly string[]): Confidence | 'NONE' {
  for (const confidence of ['HIGH', 'MEDIUM', 'LOW'] as const) {
    const phrases = [...contentPhrases[filter.type][confidence], ...(filter.keywords?.[confidence] ?? [])];
    if (texts.some((text) => phrases.some((phrase) => findPhrase(text, phrase) !== undefined))) return confidence;
  }
  return 'NONE';
}

const ranks = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
const higher = (a: Confidence | 'NONE', b: Confidence | 'NONE'): Confidence | 'NONE' => (ranks[a] >= ranks[b] ? a : b);

function firstMatch(texts: readonly string[], phrase: string): string | undefined {
  for (const text of texts) {
    const found = findPhrase(text, phrase);
    if (found !== undefined) return found;
  }
  return undefined;
}

const phrasePatterns = new Map<string, RegExp>();

/**
 * A phrase as whole words, in any case, any run of spaces between its words:
 * `kill you` is found in "I will KILL  you" but not in "skill yourself".
 */
export function findPhrase(text: string, phrase: string): string | undefined {
  let pattern = phrasePatterns.get(phrase);
  if (pattern === undefined) {
    const body = phrase
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
    if (phrasePatterns.size >= 4096) phrasePatterns.clear();
    phrasePatterns.set(phrase, pattern);
  }
  return pattern.exec(text)?.[0];
}

/** The text with each span replaced by its mask, the first of overlapping spans winning. */
function applyMasks(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  let result = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < at) continue;
    result += text.slice(at, span.start) + span.mask;
    at = span.end;
  }
  return result + text.slice(at);
}
