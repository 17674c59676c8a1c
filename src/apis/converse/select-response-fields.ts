/**
 * Converse's `additionalModelResponseFieldPaths`: JSON Pointers (RFC 6901)
 * into the model's own response body, returned as
 * `additionalModelResponseFields` with the same nesting. A path that names
 * nothing is left out.
 *
 * @example
 * selectResponseFields({ stop_sequence: null, usage: { input_tokens: 9 } }, ['/stop_sequence', '/usage/input_tokens'])
 * // { stop_sequence: null, usage: { input_tokens: 9 } }
 */
export function selectResponseFields(body: unknown, paths: readonly string[]): Record<string, unknown> {
  const selected: Record<string, unknown> = {};
  for (const path of paths) {
    const tokens = path
      .split('/')
      .slice(1)
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    const found = lookUp(body, tokens);
    if (found.kind === 'missing') continue;
    let target = selected;
    tokens.slice(0, -1).forEach((token) => {
      const next = target[token];
      target = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : (target[token] = {});
    });
    const last = tokens.at(-1);
    if (last !== undefined) target[last] = found.value;
  }
  return selected;
}

function lookUp(body: unknown, tokens: readonly string[]): { kind: 'found'; value: unknown } | { kind: 'missing' } {
  let value = body;
  for (const token of tokens) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, token)) return { kind: 'missing' };
    value = (value as Record<string, unknown>)[token];
  }
  return { kind: 'found', value };
}
