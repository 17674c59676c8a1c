import { isAlias, isMap, isScalar, isSeq, type Alias, type Node } from 'yaml';

/** What a parsed YAML document would become once read, found in one pass over its nodes, before any alias is expanded. */
export type YamlSurvey = {
  /** Each alias's node: the last node anchored with its name before it, as YAML reads it; undefined when there is none. */
  readonly targets: ReadonlyMap<Alias, Node | undefined>;
  /** Values as written: keys, scalars, lists, mappings and empty values, an alias counting one. */
  readonly writtenValues: number;
  /** The same with every alias expanded; at most `limits.maxValues + 1`. */
  readonly values: number;
  /** The alias that stands for the most values, when one does. */
  readonly largestAlias: { readonly source: string; readonly line: number | undefined; readonly values: number } | undefined;
  /** The first place that nests deeper than `limits.maxDepth`, aliases expanded. */
  readonly tooDeep: { readonly line: number | undefined } | undefined;
  /** The line of each key that repeats an earlier key of its mapping. */
  readonly duplicateKeyLines: readonly (number | undefined)[];
};

type Size = { readonly values: number; readonly height: number };

/**
 * Surveys a parsed YAML document in document order: resolves each alias to
 * its anchor once (YAML's own lookup walks the whole document per alias),
 * counts the values and the nesting depth the document has with its aliases
 * expanded, without expanding them (an anchored node's size is kept and an
 * alias reuses it), and finds keys that repeat within a mapping. Counts stop
 * growing just past the limits, so a billion laughs costs its own size.
 *
 * @example
 * const survey = surveyYaml(parseDocument('a: &a [x, y]\nb: [*a, *a]\n').contents, { maxValues: 100, maxDepth: 10 }, lineAt);
 * survey.values // 13: the root, a, its list and two items, b, its list, and twice the 3 values of *a
 */
export function surveyYaml(root: unknown, limits: { readonly maxValues: number; readonly maxDepth: number }, lineAt: (offset: number | undefined) => number | undefined): YamlSurvey {
  const cap = limits.maxValues + 1;
  const add = (a: number, b: number): number => Math.min(cap, a + b);
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, Size>();
  const open = new Set<unknown>();
  const targets = new Map<Alias, Node | undefined>();
  const duplicateKeyLines: (number | undefined)[] = [];
  let writtenValues = 0;
  let largestAlias: YamlSurvey['largestAlias'];
  let tooDeep: YamlSurvey['tooDeep'];

  const deeper = (depth: number, height: number, node: unknown): void => {
    if (tooDeep === undefined && depth + height - 1 > limits.maxDepth) tooDeep = { line: lineAt((node as Node | null)?.range?.[0]) };
  };

  const survey = (node: unknown, depth: number): Size => {
    writtenValues = add(writtenValues, 1);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      targets.set(node, target);
      // An alias to a node still open contains itself: it is reported when the document is read, and counts one here.
      const size = target === undefined || open.has(target) ? { values: 1, height: 1 } : (sizes.get(target) ?? { values: 1, height: 1 });
      if (largestAlias === undefined || size.values > largestAlias.values) largestAlias = { source: node.source, line: lineAt(node.range?.[0]), values: size.values };
      deeper(depth, size.height, node);
      return size;
    }
    const anchor = isMap(node) || isSeq(node) || isScalar(node) ? node.anchor : undefined;
    if (anchor !== undefined) {
      anchors.set(anchor, node as Node);
      open.add(node);
    }
    const size = surveyContent(node, depth);
    if (anchor !== undefined) {
      open.delete(node);
      sizes.set(node as Node, size);
    }
    return size;
  };

  const surveyContent = (node: unknown, depth: number): Size => {
    deeper(depth, 1, node);
    let values = 1;
    let height = 1;
    const child = (item: unknown): void => {
      const size = survey(item, depth + 1);
      values = add(values, size.values);
      height = Math.max(height, size.height + 1);
    };
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        child(pair.key);
        child(pair.value);
        const key = keyText(pair.key, targets);
        if (keys.has(key)) duplicateKeyLines.push(lineAt((pair.key as Node | null)?.range?.[0]));
        keys.add(key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) child(item);
    }
    return { values, height: Math.min(height, limits.maxDepth + 1) };
  };

  const { values } = survey(root, 1);
  return { targets, writtenValues, values, largestAlias, tooDeep, duplicateKeyLines };
}

/**
 * A mapping key as the template reads it: a scalar's value as text (so `1`
 * and `"1"` are one key, as they are in JSON), an alias to a scalar likewise.
 *
 * @example
 * keyText(parseDocument('1: a').contents.items[0].key, new Map()) // '1'
 */
export function keyText(key: unknown, targets: ReadonlyMap<Alias, Node | undefined>): string {
  const scalar = isAlias(key) ? targets.get(key) : key;
  return isScalar(scalar) ? String(scalar.value) : String(scalar);
}
