import type { ProblemLog } from './problem-log.ts';
import type { PropertyRules } from './resource-catalog.ts';
import { isTemplateList, isTemplateMap, ownEntry, showValue, unresolved, type FieldPath, type TemplateMap, type TemplateValue } from './template-value.ts';

/** A resolved mapping, where it is, and the log its problems go to. */
export type Fields = { readonly map: TemplateMap; readonly path: FieldPath; readonly log: ProblemLog };

/**
 * A field's value: undefined when absent, or after a problem was reported
 * (a required one missing, or one already reported where it failed).
 */
function take(fields: Fields, key: string, required: boolean): TemplateValue | undefined {
  const value = ownEntry(fields.map, key);
  if (value === undefined || value === null) {
    if (required) fields.log.problem([...fields.path, key], `required field is missing`);
    return undefined;
  }
  return value === unresolved ? undefined : value;
}

/**
 * A string field; a number is taken as its text, as CloudFormation does.
 *
 * @example
 * readString({ map: { StageName: 'prod' }, path, log }, 'StageName', { required: true }) // 'prod'
 */
export function readString(fields: Fields, key: string, options: { readonly required?: boolean } = {}): string | undefined {
  const value = take(fields, key, options.required ?? false);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  fields.log.problem([...fields.path, key], `expected a string, got ${showValue(value)}`);
  return undefined;
}

/**
 * One of a few strings, e.g. `KeyType: HASH`.
 *
 * @example
 * readChoice(fields, 'InvokeMode', ['BUFFERED', 'RESPONSE_STREAM']) // 'RESPONSE_STREAM'
 */
export function readChoice<T extends string>(fields: Fields, key: string, choices: readonly T[], options: { readonly required?: boolean } = {}): T | undefined {
  const value = readString(fields, key, options);
  if (value === undefined) return undefined;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) fields.log.problem([...fields.path, key], `expected one of ${choices.join(', ')}, got ${showValue(value)}`);
  return choice;
}

/**
 * A whole number within a range; a numeric string counts, as CloudFormation takes `"30"` for 30.
 *
 * @example
 * readInteger(fields, 'Timeout', { min: 1, max: 900, unit: 'seconds' }) // 30
 */
export function readInteger(fields: Fields, key: string, range: { readonly min: number; readonly max: number; readonly unit: string }): number | undefined {
  const value = take(fields, key, false);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < range.min || number > range.max) {
    fields.log.problem([...fields.path, key], `expected a whole number of ${range.unit} from ${range.min} to ${range.max}, got ${showValue(value)}`);
    return undefined;
  }
  return number;
}

/**
 * A true/false field; `"true"` and `"false"` count, as CloudFormation takes them.
 *
 * @example
 * readBoolean(fields, 'Enabled') // true
 */
export function readBoolean(fields: Fields, key: string, options: { readonly required?: boolean } = {}): boolean | undefined {
  const value = take(fields, key, options.required ?? false);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  fields.log.problem([...fields.path, key], `expected true or false, got ${showValue(value)}`);
  return undefined;
}

/**
 * A nested mapping, as fields of its own.
 *
 * @example
 * readMap(fields, 'Environment')?.map // { Variables: { TABLE: 'sessions' } }
 */
export function readMap(fields: Fields, key: string, options: { readonly required?: boolean } = {}): Fields | undefined {
  const value = take(fields, key, options.required ?? false);
  if (value === undefined) return undefined;
  if (isTemplateMap(value)) return { map: value, path: [...fields.path, key], log: fields.log };
  fields.log.problem([...fields.path, key], `expected a mapping, got ${showValue(value)}`);
  return undefined;
}

/**
 * A list of mappings, each as fields of its own (an item that is not a mapping is reported and left out).
 *
 * @example
 * readMapList(fields, 'KeySchema', { required: true }) // [{ map: { AttributeName: 'id', KeyType: 'HASH' }, path: [..., 'KeySchema', 0], log }]
 */
export function readMapList(fields: Fields, key: string, options: { readonly required?: boolean } = {}): readonly Fields[] | undefined {
  const value = take(fields, key, options.required ?? false);
  if (value === undefined) return undefined;
  if (!isTemplateList(value)) {
    fields.log.problem([...fields.path, key], `expected a list, got ${showValue(value)}`);
    return undefined;
  }
  const items: Fields[] = [];
  value.forEach((item, index) => {
    const path = [...fields.path, key, index];
    if (isTemplateMap(item)) items.push({ map: item, path, log: fields.log });
    else if (item !== unresolved) fields.log.problem(path, `expected a mapping, got ${showValue(item)}`);
  });
  return items;
}

/**
 * Reports each key that is neither read nor noted, naming the ones that are;
 * notes each noted key that is there. Returns whether every key is known.
 *
 * @example
 * checkKeys(fields, { read: ['Path', 'Method'], noted: {} }, 'Api event')
 * // for `Auth:` → "Auth is not supported by `bedrock-emulator stack` on an Api event; supported: Path, Method"
 */
export function checkKeys(fields: Fields, rules: PropertyRules, subject: string, noteSubject?: string): boolean {
  let known = true;
  const noted = Object.keys(rules.noted);
  for (const key of Object.keys(fields.map)) {
    if (rules.read.includes(key)) continue;
    const reason = ownEntry(rules.noted, key);
    if (reason !== undefined) {
      if (noteSubject !== undefined) fields.log.note([...fields.path, key], `${noteSubject}: ${key}: ${reason}`);
      continue;
    }
    known = false;
    const closest = fields.log.closestName(key, [...rules.read, ...noted]);
    const supported = `${rules.read.join(', ')}${noted.length === 0 ? '' : `, and without local effect ${noted.join(', ')}`}`;
    fields.log.problem([...fields.path, key], `${key} is not supported by \`bedrock-emulator stack\` on ${subject}${closest === undefined ? '' : ` (did you mean ${closest}?)`}; supported: ${supported}`);
  }
  return known;
}
