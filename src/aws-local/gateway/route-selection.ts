/**
 * A WebSocket API's route selection expression, evaluated on a message as
 * API Gateway does (docs/api-gateway.md): `$request.body.action`, nested
 * paths (`$request.body.data.room`), the `${request.body.x}` form mixed with
 * static text (`${request.body.service}/${request.body.action}`); a path
 * that is not there is empty; a message that is not JSON selects nothing.
 * Pure.
 */
export type RouteSelection = (body: string) => string | undefined;

const bareForm = /^\$request\.body\.([A-Za-z0-9_$.[\]-]+)$/;
const wrappedVariable = /\$\{request\.body\.([A-Za-z0-9_$.[\]-]+)\}/g;

/**
 * Compiles an expression; throws a sentence naming what is wrong.
 *
 * @example
 * compileRouteSelection('$request.body.action')('{"action":"chat"}') // 'chat'
 */
export function compileRouteSelection(expression: string): RouteSelection {
  const bare = bareForm.exec(expression);
  if (bare !== null) {
    const path = pathOf(bare[1] ?? '');
    return (body) => {
      const parsed = parseJson(body);
      return parsed.ok ? stringify(valueAt(parsed.value, path)) : undefined;
    };
  }
  if (expression.includes('${')) {
    const variables = [...expression.matchAll(wrappedVariable)];
    if (variables.length === 0) throw new Error(`route selection expression ${JSON.stringify(expression)}: only \${request.body.…} variables are supported`);
    return (body) => {
      const parsed = parseJson(body);
      if (!parsed.ok) return undefined;
      return expression.replace(wrappedVariable, (_whole, path: string) => stringify(valueAt(parsed.value, pathOf(path))));
    };
  }
  if (expression.startsWith('$request')) throw new Error(`route selection expression ${JSON.stringify(expression)}: use $request.body.<path> (headers and query strings do not select routes in WebSocket APIs)`);
  // A static expression selects the same route for every message (`\$default` spells $default).
  const constant = expression.replace(/^\\\$/, '$');
  return () => constant;
}

function pathOf(text: string): string[] {
  return text.split('.').filter((part) => part !== '');
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** As API Gateway turns a selected value into a route key: strings as they are, an array as `[a, b]`. */
function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((item) => stringify(item)).join(', ')}]`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
