/**
 * API Gateway resource paths and route keys: literal segments, `{name}`
 * parameters and a final greedy `{name+}` (REST resources and HTTP API
 * routes share the syntax). Pure.
 */
export type PathTemplate = {
  /** As written, e.g. `/items/{id}` or `/{proxy+}`. */
  readonly template: string;
  readonly segments: readonly Segment[];
};

type Segment = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'parameter'; readonly name: string } | { readonly kind: 'greedy'; readonly name: string };

/**
 * Parses a resource path; throws a sentence naming what is wrong.
 *
 * @example
 * parsePathTemplate('/items/{id}').segments // [{ kind: 'literal', text: 'items' }, { kind: 'parameter', name: 'id' }]
 */
export function parsePathTemplate(template: string): PathTemplate {
  if (!template.startsWith('/')) throw new Error(`a resource path starts with /, got ${JSON.stringify(template)}`);
  const parts = template === '/' ? [] : template.slice(1).split('/');
  const segments = parts.map((part, index): Segment => {
    const braced = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (braced === null) {
      if (part === '' || /[{}]/.test(part)) throw new Error(`${JSON.stringify(template)}: each segment is a name or {parameter}, got ${JSON.stringify(part)}`);
      return { kind: 'literal', text: part };
    }
    const name = braced[1] ?? '';
    if (braced[2] === '+') {
      if (index !== parts.length - 1) throw new Error(`${JSON.stringify(template)}: a greedy {${name}+} must be the last segment`);
      return { kind: 'greedy', name };
    }
    return { kind: 'parameter', name };
  });
  return { template, segments };
}

/**
 * The path parameters if `path` (already without the stage) matches, else
 * undefined. Values are percent-decoded; a greedy parameter takes the rest.
 *
 * @example
 * matchPath(parsePathTemplate('/items/{id}'), '/items/42') // { id: '42' }
 */
export function matchPath(template: PathTemplate, path: string): Record<string, string> | undefined {
  const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>; // no prototype: a name like `constructor` is just a name
  for (const [index, segment] of template.segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      parameters[segment.name] = decode(rest.join('/'));
      return parameters;
    }
    const part = parts[index];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal' && decode(part) !== segment.text) return undefined;
    if (segment.kind === 'parameter') parameters[segment.name] = decode(part);
  }
  return parts.length === template.segments.length ? parameters : undefined;
}

/** Segments compared at most: scores stay exact doubles (4^24 < 2^53). */
const comparedSegments = 24;

/**
 * How specific a template is, to choose among matches as API Gateway does:
 * compared segment by segment from the left, a literal beats a parameter,
 * which beats a greedy path, which beats no segment at all.
 *
 * @example
 * specificity(parsePathTemplate('/items/{proxy+}')) > specificity(parsePathTemplate('/{a}/{b}/{c}')) // true
 */
export function specificity(template: PathTemplate): number {
  let score = 0;
  for (let index = 0; index < comparedSegments; index++) {
    const segment = template.segments[index];
    score = score * 4 + (segment === undefined ? 0 : segment.kind === 'literal' ? 3 : segment.kind === 'parameter' ? 2 : 1);
  }
  return score;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
