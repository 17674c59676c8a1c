import { readFunctionSettings, type FunctionSettings } from './function-settings.ts';
import type { ProblemLog } from './problem-log.ts';
import { globalFunctionRules } from './resource-catalog.ts';
import { resolveAcceptedFields } from './resource-fields.ts';
import type { TemplateResolver } from './template-resolver.ts';
import { isTemplateMap, showValue, type TemplateValue } from './template-value.ts';

const none: FunctionSettings = { handler: undefined, codeUri: undefined, runtime: undefined, timeoutSeconds: undefined, memorySizeMb: undefined, environment: {}, written: [] };

/**
 * SAM's Globals section: the Function settings every function starts from.
 * Other global sections (Api, HttpApi, …) are reported: their resources are
 * not read either.
 *
 * @example
 * readGlobals(template.Globals, resolver, log) // { runtime: { value: 'nodejs22.x', path: ['Globals', 'Function', 'Runtime'] }, timeoutSeconds: 30, … }
 */
export function readGlobals(globals: TemplateValue | undefined, resolver: TemplateResolver, log: ProblemLog): FunctionSettings {
  if (globals === undefined || globals === null) return none;
  if (!isTemplateMap(globals)) {
    log.problem(['Globals'], `expected a mapping with a Function section, got ${showValue(globals)}`);
    return none;
  }
  for (const key of Object.keys(globals)) {
    if (key !== 'Function') log.problem(['Globals', key], `Globals.${key} is not supported by \`bedrock-emulator stack\`; supported: Function`);
  }
  const section = globals['Function'];
  if (section === undefined || section === null) return none;
  const path = ['Globals', 'Function'];
  if (!isTemplateMap(section)) {
    log.problem(path, `expected a mapping of function settings, got ${showValue(section)}`);
    return none;
  }
  return readFunctionSettings(resolveAcceptedFields({ map: section, path, log }, globalFunctionRules, 'Globals.Function', 'Globals.Function', resolver));
}
