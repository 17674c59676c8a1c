import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Node } from 'yaml';
import { countWrittenValues } from './count-written-values.ts';
import { keyText, surveyYaml, type YamlSurvey } from './survey-yaml.ts';
import { formatCount, templateLimits } from './template-limits.ts';
import { ownEntry, unresolved, type FieldPath, type TemplateValue } from './template-value.ts';

/** A template's text read into values, or why it could not be. */
export type TemplateText =
  | {
      readonly kind: 'parsed';
      /** The document, every short-form tag turned into its long form (`!Ref X` → `{ Ref: X }`). */
      readonly content: TemplateValue;
      /** The 1-based line of a field, or of its nearest parent the text has (a missing field points at its parent). */
      readonly lineOf: (path: FieldPath) => number | undefined;
      /** Tags that are not CloudFormation's, each where it occurs; the tagged value reads as unresolved. */
      readonly tagProblems: readonly { readonly path: FieldPath; readonly message: string }[];
    }
  | { readonly kind: 'invalid'; readonly errors: readonly { readonly line: number | undefined; readonly message: string }[] };

/**
 * CloudFormation's short forms and the long form each stands for. `!Ref` and
 * `!Condition` drop the `Fn::` prefix; the rest keep it. Only Ref, GetAtt,
 * Sub and Join are evaluated: the others are read so that the problem names
 * the function and where it is, not an unknown tag.
 */
const shortForms: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['GetAtt', 'Sub', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr', 'Equals', 'And', 'Or', 'Not', 'Transform', 'Length', 'ToJsonString'].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/** What a value is, in every sentence that counts them. */
const valuesCounted = `values (keys, scalars, lists and mappings)`;

/**
 * Reads the text of a template, YAML or JSON (JSON is YAML), with
 * CloudFormation's short-form tags, and remembers the line of every field so
 * that a problem found later can say where it is. A text with more values
 * than `templateLimits.maxValues` or nested deeper than `maxDepth`, its
 * aliases expanded, is refused before it is expanded; so is a key written
 * twice in one mapping.
 *
 * @example
 * const text = parseTemplateText('Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties: { TableName: !Ref Name }\n');
 * // text.kind === 'parsed'; text.content.Resources.Table.Properties.TableName → { Ref: 'Name' }; text.lineOf(['Resources', 'Table']) → 2
 */
export function parseTemplateText(text: string): TemplateText {
  // Building YAML's document costs far more per value than counting them first.
  if (countWrittenValues(text, templateLimits.maxValues) > templateLimits.maxValues) return invalid(undefined, tooManyValues('holds'));
  const lineCounter = new LineCounter();
  // Keys are checked for repeats in the survey: YAML's own check compares each key with every earlier one.
  // Errors are not made pretty: that copies the error's whole line for each one, and a long line can hold thousands.
  const document = withoutStackTraces(() => parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false }));
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  if (document.errors.length > 0) {
    return { kind: 'invalid', errors: document.errors.map((error) => ({ line: error.pos[0] < 0 ? undefined : lineAt(error.pos[0]), message: firstSentence(error.message) })) };
  }
  const survey = surveyYaml(document.contents, templateLimits, lineAt);
  const refusal = refusalOf(survey);
  if (refusal !== undefined) return refusal;

  const lines = new WeakMap<object, Map<string | number, number>>();
  const tagProblems: { path: FieldPath; message: string }[] = [];
  const content = toValue(document.contents, undefined, { targets: survey.targets, lines, tagProblems, lineAt, open: new Set() });
  const lineOf = (path: FieldPath): number | undefined => {
    let line: number | undefined;
    let value: TemplateValue | undefined = content;
    for (const key of path) {
      if (typeof value !== 'object' || value === null) break;
      line = lines.get(value)?.get(key) ?? line;
      value = Array.isArray(value) ? (typeof key === 'number' ? (value as readonly TemplateValue[])[key] : undefined) : ownEntry(value as Readonly<Record<string, TemplateValue>>, String(key));
    }
    return line;
  };
  return { kind: 'parsed', content, lineOf, tagProblems };
}

function refusalOf(survey: YamlSurvey): TemplateText | undefined {
  if (survey.duplicateKeyLines.length > 0) return { kind: 'invalid', errors: survey.duplicateKeyLines.map((line) => ({ line, message: 'not valid YAML or JSON: Map keys must be unique' })) };
  if (survey.writtenValues > templateLimits.maxValues) return invalid(undefined, tooManyValues('holds'));
  const alias = survey.largestAlias;
  if (survey.values > templateLimits.maxValues && alias !== undefined) {
    const largest = alias.values > templateLimits.maxValues ? `more than ${formatCount(templateLimits.maxValues)}` : formatCount(alias.values);
    return invalid(alias.line, `${tooManyValues('its aliases expand it to')}; the largest, *${alias.source}, stands for ${largest}: use fewer aliases, or aliases of smaller values`);
  }
  if (survey.tooDeep !== undefined) {
    return invalid(survey.tooDeep.line, `the template nests deeper than ${templateLimits.maxDepth} levels (aliases expanded), the most \`bedrock-emulator stack\` reads; a real template nests far less`);
  }
  return undefined;
}

/**
 * Runs `read` with Error's stack traces off: YAML makes an Error for each
 * warning (an unknown tag is one), and capturing its stack is most of its
 * cost; a template can hold tens of thousands. Nothing reads those stacks.
 */
function withoutStackTraces<T>(read: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return read();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function tooManyValues(verb: 'holds' | 'its aliases expand it to'): string {
  const what = `${verb === 'holds' ? 'the template holds' : verb} more than ${formatCount(templateLimits.maxValues)} ${valuesCounted}, the most \`bedrock-emulator stack\` reads`;
  return verb === 'holds' ? `${what}; a real template holds far fewer (1 MB of YAML about 70,000): make it smaller` : what;
}

function invalid(line: number | undefined, message: string): TemplateText {
  return { kind: 'invalid', errors: [{ line, message }] };
}

/** Where a value is: its parent's trail and its key there. A path is made only when a problem needs one. */
type Trail = { readonly parent: Trail | undefined; readonly key: string | number } | undefined;

function pathOf(trail: Trail): FieldPath {
  const path: (string | number)[] = [];
  for (let step = trail; step !== undefined; step = step.parent) path.push(step.key);
  return path.reverse();
}

type Walk = {
  readonly targets: ReadonlyMap<Alias, Node | undefined>;
  /** The line of each key of a mapping, and of each item of a list, by the mapping or list read from them. */
  readonly lines: WeakMap<object, Map<string | number, number>>;
  readonly tagProblems: { path: FieldPath; message: string }[];
  readonly lineAt: (offset: number | undefined) => number | undefined;
  /** Nodes being read: an alias back to one of them would never end. */
  readonly open: Set<unknown>;
};

function toValue(node: unknown, trail: Trail, walk: Walk): TemplateValue {
  if (isAlias(node)) {
    const target = walk.targets.get(node);
    if (target === undefined) {
      walk.tagProblems.push({ path: pathOf(trail), message: `the alias *${node.source} has no anchor &${node.source} before it; write the value out, or anchor it earlier` });
      return unresolved;
    }
    if (walk.open.has(target)) {
      walk.tagProblems.push({ path: pathOf(trail), message: `the alias *${node.source} refers to a value that contains it; write the value out` });
      return unresolved;
    }
    return toValue(target, trail, walk);
  }
  walk.open.add(node);
  const value = untagged(node, trail, walk);
  walk.open.delete(node);
  const tag = (node as Node | null | undefined)?.tag;
  // Tags of YAML's own (`!!str`) are resolved by the parser; only `!Name` tags are CloudFormation's.
  if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  const longForm = ownEntry(shortForms, tag);
  if (longForm === undefined) {
    walk.tagProblems.push({ path: pathOf(trail), message: `${tag} is not a CloudFormation tag; use !Ref, !GetAtt, !Sub or !Join` });
    return unresolved;
  }
  return { [longForm]: value };
}

function untagged(node: unknown, trail: Trail, walk: Walk): TemplateValue {
  if (isMap(node)) {
    const entries: [string, TemplateValue][] = [];
    const lines = new Map<string | number, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key, walk.targets);
      const line = walk.lineAt((pair.key as Node | null)?.range?.[0]);
      if (line !== undefined) lines.set(key, line);
      entries.push([key, toValue(pair.value, { parent: trail, key }, walk)]);
    }
    // fromEntries defines each key as its own property, `__proto__` included.
    const map = Object.fromEntries(entries);
    walk.lines.set(map, lines);
    return map;
  }
  if (isSeq(node)) {
    const lines = new Map<string | number, number>();
    const list = node.items.map((item, index) => {
      const line = walk.lineAt((item as Node | null)?.range?.[0]);
      if (line !== undefined) lines.set(index, line);
      return toValue(item, { parent: trail, key: index }, walk);
    });
    walk.lines.set(list, lines);
    return list;
  }
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    // Only other scalar kinds (a bigint, a date) would land here; their source text is what the author wrote.
    return node.source ?? null;
  }
  // A key with nothing after it (`Properties:`).
  return null;
}

/** A YAML error's first sentence: the file:line prefix gives where. */
function firstSentence(message: string): string {
  return `not valid YAML or JSON: ${message.split('\n')[0] ?? message}`;
}
