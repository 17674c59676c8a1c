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

/**
 * A value in a problem's sentence: JSON, cut short when long.
 *
 * @example
 * showValue('nodejs18.x') // '"nodejs18.x"'
 */
export function showValue(value: unknown): string {
  if (value === unresolved) return 'an unresolved value';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
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
