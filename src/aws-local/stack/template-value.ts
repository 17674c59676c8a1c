/**
 * A value that could not be read or resolved. Its problem is already
 * reported where it failed, so whoever meets it later skips it quietly
 * instead of piling a second complaint on the same field.
 */
export const unresolved: unique symbol = Symbol('unresolved');
export type Unresolved = typeof unresolved;

/** A template value as read from YAML or JSON (intrinsics in their long form), or once resolved. */
export type TemplateValue = string | number | boolean | null | Unresolved | TemplateList | TemplateMap;
export type TemplateList = readonly TemplateValue[];
export type TemplateMap = { readonly [key: string]: TemplateValue };

/** Where a value is in the template: `['Resources', 'ChatFunction', 'Properties', 'Runtime']`. */
export type FieldPath = readonly (string | number)[];

/**
 * Whether a value is a mapping (not a list, not a scalar).
 *
 * @example
 * isTemplateMap({ Ref: 'Table' }) // true
 */
export function isTemplateMap(value: TemplateValue | undefined): value is TemplateMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is a list.
 *
 * @example
 * isTemplateList(['/', ['a', 'b']]) // true
 */
export function isTemplateList(value: TemplateValue | undefined): value is TemplateList {
  return Array.isArray(value);
}

/**
 * A field path as the template's author reads it.
 *
 * @example
 * formatFieldPath(['Resources', 'Fn', 'Properties', 'Policies', 0]) // 'Resources.Fn.Properties.Policies[0]'
 */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

/** The most of a value a problem's sentence shows. */
const shownLength = 60;

/**
 * A value in a problem's sentence: JSON, cut short when long. Only what is
 * shown is written: a list parameter of 200,000 names, put into ten thousand
 * Fn::Sub strings, costs sixty characters per problem, not its whole JSON.
 *
 * @example
 * showValue('nodejs18.x') // '"nodejs18.x"'
 */
export function showValue(value: unknown): string {
  if (value === unresolved) return 'an unresolved value';
  if (!isJsonValue(value)) return String(value);
  const text = jsonPrefix(value, shownLength + 1);
  return text.length > shownLength ? `${text.slice(0, shownLength - 3)}...` : text;
}

/** What JSON.stringify writes for a value rather than leaving it out (or writing null in a list). */
function isJsonValue(value: unknown): boolean {
  return value !== undefined && typeof value !== 'symbol' && typeof value !== 'function';
}

/** JSON.stringify's text of a value, or its first `room` characters at least, written only that far. */
function jsonPrefix(value: unknown, room: number): string {
  let text = '';
  const write = (piece: string): boolean => {
    text += piece;
    return text.length < room;
  };
  const writeValue = (item: unknown): boolean => {
    if (typeof item === 'string') return write(JSON.stringify(item.length > room ? item.slice(0, room) : item));
    if (Array.isArray(item)) {
      if (!write('[')) return false;
      for (let index = 0; index < item.length; index++) {
        const entry: unknown = item[index];
        if ((index > 0 && !write(',')) || !(isJsonValue(entry) ? writeValue(entry) : write('null'))) return false;
      }
      return write(']');
    }
    if (typeof item === 'object' && item !== null) {
      if (!write('{')) return false;
      let first = true;
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        const entry: unknown = (item as Record<string, unknown>)[key];
        if (!isJsonValue(entry)) continue;
        if ((!first && !write(',')) || !write(`${JSON.stringify(key.length > room ? key.slice(0, room) : key)}:`) || !writeValue(entry)) return false;
        first = false;
      }
      return write('}');
    }
    return write(JSON.stringify(item) ?? 'null');
  };
  writeValue(value);
  return text;
}

/**
 * A record's own entry for a key the template chose: `Ref: constructor`
 * must not find `Object.prototype.constructor`.
 *
 * @example
 * ownEntry({ Arn: 1 }, 'toString') // undefined
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
