import type { ProblemLog } from './problem-log.ts';
import { checkKeys, type Fields } from './read-fields.ts';
import type { PropertyRules } from './resource-catalog.ts';
import type { TemplateResolver, TemplateResource } from './template-resolver.ts';

/**
 * A mapping ready to read: each unsupported key reported, each key without
 * local effect noted, and the intrinsics of every accepted key resolved (a
 * wrong Ref in Policies is caught too, as CloudFormation would catch it).
 *
 * @example
 * const fields = resolveAcceptedFields({ map: section, path: ['Globals', 'Function'], log }, globalFunctionRules, 'Globals.Function', 'Globals.Function', resolver);
 */
export function resolveAcceptedFields(fields: Fields, rules: PropertyRules, subject: string, noteSubject: string, resolver: TemplateResolver): Fields {
  checkKeys(fields, rules, subject, noteSubject);
  const accepted = Object.entries(fields.map).filter(([key]) => rules.read.includes(key) || Object.hasOwn(rules.noted, key));
  return { ...fields, map: Object.fromEntries(accepted.map(([key, value]) => [key, resolver.resolve(value, [...fields.path, key])])) };
}

/**
 * A resource's Properties ready to read (see `resolveAcceptedFields`).
 *
 * @example
 * readString(resolveResourceFields(resource, rules, resolver, log), 'TableName')
 */
export function resolveResourceFields(resource: TemplateResource, rules: PropertyRules, resolver: TemplateResolver, log: ProblemLog): Fields {
  return resolveAcceptedFields({ map: resource.properties, path: [...resource.path, 'Properties'], log }, rules, resource.type, `${resource.logicalId} (${resource.type})`, resolver);
}
