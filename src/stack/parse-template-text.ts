import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatFieldPath, ownEntry, unresolved, type FieldPath, type TemplateValue } from './template-value.ts';

/** A template's text read into values, or why it could not be. */
export type TemplateText =
  | {
      readonly kind: 'parsed';
      /** The document, every short-form tag turned into its long form (`!Ref X` → `{ Ref: X }`). */
      readonly content: TemplateValue;
      /** The 1-based line of a field, or of its nearest parent the text has (a missing field points at its parent). */
      readonly lineOf: (path: FieldPath) => number | undefined;
      /** Tags that are not CloudFormation's, each where it occurs; the tagged value reads as unresolved. */
      readonly tagProblems: readonly { readonly path: FieldPath; readonly message: string }[];
    }
  | { readonly kind: 'invalid'; readonly errors: readonly { readonly line: number | undefined; readonly message: string }[] };

/**
 * CloudFormation's short forms and the long form each stands for. `!Ref` and
 * `!Condition` drop the `Fn::` prefix; the rest keep it. Only Ref, GetAtt,
 * Sub and Join are evaluated: the others are read so that the problem names
 * the function and where it is, not an unknown tag.
 */
const shortForms: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['GetAtt', 'Sub', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr', 'Equals', 'And', 'Or', 'Not', 'Transform', 'Length', 'ToJsonString'].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/**
 * Reads the text of a template, YAML or JSON (JSON is YAML), with
 * CloudFormation's short-form tags, and remembers the line of every field so
 * that a problem found later can say where it is.
 *
 * @example
 * const text = parseTemplateText('Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties: { TableName: !Ref Name }\n');
 * // text.kind === 'parsed'; text.content.Resources.Table.Properties.TableName → { Ref: 'Name' }; text.lineOf(['Resources', 'Table']) → 2
 */
export function parseTemplateText(text: string): TemplateText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return { kind: 'invalid', errors: document.errors.map((error) => ({ line: error.linePos?.[0].line, message: firstSentence(error.message) })) };
  }
  const lines = new Map<string, number>();
  const tagProblems: { path: FieldPath; message: string }[] = [];
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const content = toValue(document.contents, [], { document, lines, tagProblems, lineAt, open: new Set() });
  const lineOf = (path: FieldPath): number | undefined => {
    for (let length = path.length; length > 0; length--) {
      const line = lines.get(formatFieldPath(path.slice(0, length)));
      if (line !== undefined) return line;
    }
    return undefined;
  };
  return { kind: 'parsed', content, lineOf, tagProblems };
}

type Walk = {
  readonly document: Document;
  readonly lines: Map<string, number>;
  readonly tagProblems: { path: FieldPath; message: string }[];
  readonly lineAt: (offset: number | undefined) => number | undefined;
  /** Nodes being read: an alias back to one of them would never end. */
  readonly open: Set<unknown>;
};

function toValue(node: unknown, path: FieldPath, walk: Walk): TemplateValue {
  if (isAlias(node)) {
    const target = node.resolve(walk.document);
    if (walk.open.has(target)) {
      walk.tagProblems.push({ path, message: `the alias *${node.source} refers to a value that contains it; write the value out` });
      return unresolved;
    }
    return toValue(target, path, walk);
  }
  walk.open.add(node);
  const value = untagged(node, path, walk);
  walk.open.delete(node);
  const tag = (node as Node | null | undefined)?.tag;
  // Tags of YAML's own (`!!str`) are resolved by the parser; only `!Name` tags are CloudFormation's.
  if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  const longForm = ownEntry(shortForms, tag);
  if (longForm === undefined) {
    walk.tagProblems.push({ path, message: `${tag} is not a CloudFormation tag; use !Ref, !GetAtt, !Sub or !Join` });
    return unresolved;
  }
  return { [longForm]: value };
}

function untagged(node: unknown, path: FieldPath, walk: Walk): TemplateValue {
  if (isMap(node)) {
    const entries: [string, TemplateValue][] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPath = [...path, key];
      const line = walk.lineAt((pair.key as Node | null)?.range?.[0]);
      if (line !== undefined) walk.lines.set(formatFieldPath(keyPath), line);
      entries.push([key, toValue(pair.value, keyPath, walk)]);
    }
    // fromEntries defines each key as its own property, `__proto__` included.
    return Object.fromEntries(entries);
  }
  if (isSeq(node)) {
    return node.items.map((item, index) => {
      const line = walk.lineAt((item as Node | null)?.range?.[0]);
      if (line !== undefined) walk.lines.set(formatFieldPath([...path, index]), line);
      return toValue(item, [...path, index], walk);
    });
  }
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    // Only other scalar kinds (a bigint, a date) would land here; their source text is what the author wrote.
    return node.source ?? null;
  }
  // A key with nothing after it (`Properties:`).
  return null;
}

/** A YAML error's first sentence, without the position and code frame the file:line prefix already gives. */
function firstSentence(message: string): string {
  return `not valid YAML or JSON: ${(message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '')}`;
}
