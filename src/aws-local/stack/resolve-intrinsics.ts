import { formatCount, templateLimits } from './template-limits.ts';
import { isTemplateList, isTemplateMap, ownEntry, showValue, unresolved, type FieldPath, type TemplateMap, type TemplateValue } from './template-value.ts';

/** What a name stands for: its value, a sentence saying why it has none, or `failed` when that is already reported. */
export type Lookup = { readonly kind: 'found'; readonly value: TemplateValue } | { readonly kind: 'missing'; readonly message: string } | { readonly kind: 'failed' };

/** What `Ref` and `Fn::GetAtt` look names up in. */
export type IntrinsicContext = {
  /** `Ref name`: a parameter, a pseudo parameter or a resource. */
  readonly ref: (name: string) => Lookup;
  /** `Fn::GetAtt [logicalId, attribute]`. */
  readonly getAtt: (logicalId: string, attribute: string) => Lookup;
  /** Told of each Fn::If, Condition and Fn::FindInMap met, so an unused Conditions or Mappings section is only a note. */
  readonly onUnsupported?: (name: string) => void;
  /** What Fn::Sub and Fn::Join may still make: one budget for every value of a template. */
  readonly text: TextBudget;
};

/**
 * The characters Fn::Sub and Fn::Join may still make in one template. Each
 * string is measured before it is made, so a Fn::Sub that repeats a long
 * value a million times is refused without making it.
 */
export type TextBudget = { remaining: number; passed: boolean };

/**
 * A fresh budget for one template (`templateLimits.maxResolvedCharacters`).
 *
 * @example
 * const context: IntrinsicContext = { ref, getAtt, text: createTextBudget() };
 */
export function createTextBudget(limit: number = templateLimits.maxResolvedCharacters): TextBudget {
  return { remaining: limit, passed: false };
}

export type Report = (path: FieldPath, message: string) => void;

const supportedFunctions = 'Ref, Fn::GetAtt, Fn::Sub and Fn::Join';

/** Why each function the reader recognises but does not evaluate cannot be, and what to write instead. */
const unsupportedReasons: Readonly<Record<string, string>> = {
  'Fn::If': 'conditions are not evaluated locally; write the value the local stack should use',
  Condition: 'conditions are not evaluated locally; write the value the local stack should use',
  'Fn::FindInMap': 'Mappings are not read locally; write the value the local stack should use',
  'Fn::ImportValue': "another stack's exports are not available locally; use a Parameter with a Default instead",
  'Fn::GetAZs': 'write the Availability Zones out',
};

/**
 * Resolves CloudFormation's intrinsic functions in a value, deep: `Ref`,
 * `Fn::GetAtt` (`A.B` or `[A, B]`), `Fn::Sub` (a string, or `[string, {vars}]`)
 * and `Fn::Join`. Any other function (`Fn::If`, `Fn::Select`, `Condition`, …)
 * is reported where it occurs. A value that cannot be resolved becomes
 * `unresolved` after its problem is reported.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' }, ['Resources', 'P'], context, report) // 'arn:aws:s3:::my-bucket/*'
 */
export function resolveIntrinsics(value: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  if (isTemplateList(value)) return value.map((item, index) => resolveIntrinsics(item, [...path, index], context, report));
  if (!isTemplateMap(value)) return value;
  const name = intrinsicName(value);
  if (name !== undefined) return resolveFunction(name, value[name] ?? null, path, context, report);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveIntrinsics(item, [...path, key], context, report)]));
}

/** The function a one-key mapping calls, if it is a call. */
function intrinsicName(value: TemplateMap): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key = ''] = keys;
  if (key === 'Ref' || key.startsWith('Fn::')) return key;
  // `Condition` is also an ordinary key (an IAM statement's); as a function it takes a name.
  if (key === 'Condition' && typeof value[key] === 'string') return key;
  return undefined;
}

function resolveFunction(name: string, argument: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  switch (name) {
    case 'Ref':
      return resolveRef(argument, path, context, report);
    case 'Fn::GetAtt':
      return resolveGetAtt(argument, path, context, report);
    case 'Fn::Sub':
      return resolveSub(argument, path, context, report);
    case 'Fn::Join':
      return resolveJoin(argument, path, context, report);
    default: {
      context.onUnsupported?.(name);
      const short = name === 'Condition' ? '!Condition' : `!${name.replace(/^Fn::/, '')}`;
      const reason = ownEntry(unsupportedReasons, name) ?? `write the value the local stack should use (supported: ${supportedFunctions})`;
      report(path, `${name} (${short}) is not supported by \`bedrock-emulator stack\`: ${reason}`);
      return unresolved;
    }
  }
}

function resolveRef(argument: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  if (typeof argument !== 'string' || argument === '') {
    report(path, `Ref takes the name of a parameter or a resource, got ${showValue(argument)}`);
    return unresolved;
  }
  return found(context.ref(argument), path, report);
}

function resolveGetAtt(argument: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  const parts = typeof argument === 'string' ? splitAtFirstDot(argument) : isTemplateList(argument) ? argument : undefined;
  const [logicalId, attribute] = parts ?? [];
  if (parts?.length !== 2 || typeof logicalId !== 'string' || typeof attribute !== 'string' || logicalId === '' || attribute === '') {
    report(path, `Fn::GetAtt takes a resource and an attribute, as "Resource.Attribute" or [Resource, Attribute], got ${showValue(argument)}`);
    return unresolved;
  }
  return found(context.getAtt(logicalId, attribute), path, report);
}

function resolveSub(argument: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  const [template, variables = {}] = typeof argument === 'string' ? [argument] : isTemplateList(argument) ? argument : [];
  if (typeof template !== 'string' || !isTemplateMap(variables) || (isTemplateList(argument) && argument.length !== 2)) {
    report(path, `Fn::Sub takes a string, or [string, {Name: value}], got ${showValue(argument)}`);
    return unresolved;
  }
  // Each name is resolved once, however often it is written: a `${a}${a}` whose `a` is such a Fn::Sub again would double the work at every level.
  const texts = new Map<string, string | undefined>();
  const textOf = (name: string): string | undefined => {
    if (texts.has(name)) return texts.get(name);
    const own = ownEntry(variables, name);
    const value =
      own !== undefined
        ? resolveIntrinsics(own, path, context, here(path, report))
        : name.includes('.') && !name.includes('::')
          ? resolveGetAtt(name, path, context, report)
          : resolveRef(name, path, context, report);
    const text = scalarText(value);
    if (text === undefined && value !== unresolved) report(path, `Fn::Sub: \${${name}} is ${showValue(value)}, which cannot be put into a string`);
    texts.set(name, text);
    return text;
  };
  const pieces: string[] = [];
  let failed = false;
  let written = 0;
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    pieces.push(template.slice(written, match.index));
    written = match.index + match[0].length;
    const inner = match[1] ?? '';
    // `${!Literal}` writes `${Literal}` as it is.
    const piece = inner.startsWith('!') ? `\${${inner.slice(1)}}` : textOf(inner.trim());
    if (piece === undefined) failed = true;
    else pieces.push(piece);
  }
  pieces.push(template.slice(written));
  if (failed || !spend(lengthOf(pieces), 'Fn::Sub', path, context, report)) return unresolved;
  return pieces.join('');
}

function resolveJoin(argument: TemplateValue, path: FieldPath, context: IntrinsicContext, report: Report): TemplateValue {
  const [delimiter, list] = isTemplateList(argument) && argument.length === 2 ? argument : [];
  if (typeof delimiter !== 'string' || list === undefined) {
    report(path, `Fn::Join takes [delimiter, [values]], got ${showValue(argument)}`);
    return unresolved;
  }
  const values = resolveIntrinsics(list, path, context, here(path, report));
  if (values === unresolved) return unresolved;
  if (!isTemplateList(values)) {
    report(path, `Fn::Join takes [delimiter, [values]]: the second item is ${showValue(values)}, not a list`);
    return unresolved;
  }
  const pieces: string[] = [];
  for (const value of values) {
    const piece = scalarText(value);
    if (piece === undefined) {
      if (value !== unresolved) report(path, `Fn::Join joins strings and numbers, got ${showValue(value)}`);
      return unresolved;
    }
    pieces.push(piece);
  }
  if (!spend(lengthOf(pieces) + delimiter.length * Math.max(0, pieces.length - 1), 'Fn::Join', path, context, report)) return unresolved;
  return pieces.join(delimiter);
}

function lengthOf(pieces: readonly string[]): number {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  return length;
}

/** Takes a string's length from the template's budget; past it, the first function to pass it is reported and every later one only fails. */
function spend(length: number, name: string, path: FieldPath, context: IntrinsicContext, report: Report): boolean {
  const budget = context.text;
  if (length <= budget.remaining) {
    budget.remaining -= length;
    return true;
  }
  if (!budget.passed) {
    budget.passed = true;
    report(
      path,
      `${name} would take the text that Fn::Sub and Fn::Join make in this template past ${formatCount(templateLimits.maxResolvedCharacters)} characters, the most \`bedrock-emulator stack\` makes; a real template makes far less: look for a long value repeated many times, or a Fn::Sub nested in its own variables`,
    );
  }
  return false;
}

/** A report that puts every problem inside a function's arguments at the function itself: that is the field its author wrote. */
function here(path: FieldPath, report: Report): Report {
  return (_inner, message) => report(path, message);
}

function found(lookup: Lookup, path: FieldPath, report: Report): TemplateValue {
  if (lookup.kind === 'found') return lookup.value;
  if (lookup.kind === 'missing') report(path, lookup.message);
  return unresolved;
}

function splitAtFirstDot(text: string): string[] {
  const dot = text.indexOf('.');
  return dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/**
 * A scalar as text, the way CloudFormation puts it into a string; undefined
 * for a list, a mapping or an unresolved value.
 *
 * @example
 * scalarText(30) // '30'
 */
export function scalarText(value: TemplateValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
