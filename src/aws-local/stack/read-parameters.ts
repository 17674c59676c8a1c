import type { ProblemLog } from './problem-log.ts';
import type { Lookup } from './resolve-intrinsics.ts';
import { scalarText } from './resolve-intrinsics.ts';
import { isTemplateList, isTemplateMap, ownEntry, showValue, unresolved, type TemplateValue } from './template-value.ts';

/**
 * The Parameters section: what `Ref` to each parameter gives, which is its
 * Default (a local stack takes no parameter values). A parameter without a
 * Default, or whose Default AWS would look up (an SSM parameter type), is
 * reported and refers to nothing.
 *
 * @example
 * readParameters({ Stage: { Type: 'String', Default: 'dev' } }, log).get('Stage') // { kind: 'found', value: 'dev' }
 */
export function readParameters(section: TemplateValue | undefined, log: ProblemLog): ReadonlyMap<string, Lookup> {
  const parameters = new Map<string, Lookup>();
  if (section === undefined || section === null) return parameters;
  if (!isTemplateMap(section)) {
    log.problem(['Parameters'], `expected a mapping of parameters, got ${showValue(section)}`);
    return parameters;
  }
  for (const [name, declaration] of Object.entries(section)) {
    parameters.set(name, readParameter(name, declaration, log));
  }
  return parameters;
}

const failed: Lookup = { kind: 'failed' };

function readParameter(name: string, declaration: TemplateValue, log: ProblemLog): Lookup {
  const path = ['Parameters', name];
  if (!isTemplateMap(declaration)) {
    if (declaration !== unresolved) log.problem(path, `expected a mapping with Type and Default, got ${showValue(declaration)}`);
    return failed;
  }
  const type = ownEntry(declaration, 'Type');
  if (typeof type !== 'string') {
    log.problem([...path, 'Type'], `expected a parameter type such as String or Number, got ${showValue(type)}`);
    return failed;
  }
  if (type.startsWith('AWS::SSM::Parameter::')) {
    log.problem([...path, 'Type'], `${type} is looked up in SSM Parameter Store, which is not available locally; use Type: String with the value as Default`);
    return failed;
  }
  const fallback = ownEntry(declaration, 'Default');
  if (fallback === undefined || fallback === null) {
    log.problem(path, `parameter ${name} has no Default; give it one, since \`bedrock-emulator stack\` takes no parameter values`);
    return failed;
  }
  if (fallback === unresolved) return failed;
  const text = isTemplateList(fallback) ? fallback.map(scalarText).join(',') : scalarText(fallback);
  if (text === undefined) {
    log.problem([...path, 'Default'], `expected a plain value (intrinsic functions are not allowed in a Default), got ${showValue(fallback)}`);
    return failed;
  }
  const allowed = ownEntry(declaration, 'AllowedValues');
  if (isTemplateList(allowed) && !allowed.some((value) => scalarText(value) === text)) {
    log.problem([...path, 'Default'], `${showValue(fallback)} is not one of its AllowedValues (${allowed.map((value) => showValue(value)).join(', ')})`);
    return failed;
  }
  // A list type's Ref is a list; a Number keeps the number so that Timeout: !Ref T reads as a number.
  if (type === 'CommaDelimitedList' || type.startsWith('List<')) return { kind: 'found', value: text.split(',') };
  if (type === 'Number' && typeof fallback === 'number') return { kind: 'found', value: fallback };
  return { kind: 'found', value: text };
}
