import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { FixtureProblem } from '../errors/fixture-error.ts';
import { parseFixtures, type LineLocator, type ParsedFixtures } from './parse-fixtures.ts';

/**
 * Parses and validates the text of one YAML fixture file; every problem
 * comes with the file, the field path and its line. Loaded only for YAML
 * files (the YAML parser is the largest thing the emulator loads).
 *
 * @example
 * const { fixtures, problems } = parseYamlFixtureText(text, 'fixtures/weather.yaml');
 */
export function parseYamlFixtureText(text: string, file: string): ParsedFixtures {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      fixtures: [],
      problems: document.errors.map((error) => new FixtureProblem(file, '', `not valid YAML: ${yamlErrorSentence(error.message)}`, error.linePos?.[0].line)),
    };
  }
  const locate: LineLocator = (path) => lineOf(document, path, lineCounter);
  let content: unknown;
  try {
    // The YAML library refuses alias bombs (a billion laughs) here, with a sentence of its own.
    content = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    return { fixtures: [], problems: [new FixtureProblem(file, '', `not valid YAML: ${yamlErrorSentence((error as Error).message)}`, undefined)] };
  }
  return parseFixtures(content, file, locate);
}

/** The line of the deepest node on the path: the key itself when the path ends at one. */
function lineOf(document: Document, path: readonly PropertyKey[], lineCounter: LineCounter): number | undefined {
  let node: unknown = document.contents;
  let offset = (document.contents as { range?: [number, number, number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (pair === undefined) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number, number, number] } | undefined;
      if (item === undefined) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** A YAML error's first sentence, without the position and code frame the file:line prefix already gives. */
function yamlErrorSentence(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
