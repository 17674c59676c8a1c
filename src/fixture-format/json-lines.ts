import type { LineLocator } from './parse-fixtures.ts';

/** What ends a number, true, false or null: JSON's whitespace, a comma, a closing bracket. */
const valueEnds = new Set([' ', '\t', '\r', '\n', ',', ']', '}']);

/**
 * Where each value of a JSON text starts, by path: the line a problem or a
 * fixture points to, found in one pass without a YAML parser (YAML is loaded
 * only for YAML files). For an object member the line is its key's; a path
 * that goes deeper than the text points to the deepest part that exists.
 * The text must be valid JSON (parse it first).
 *
 * @example
 * jsonLineLocator('[\n  {"a": 1},\n  {"a": 2}\n]')([1, 'a']) // 3
 */
export function jsonLineLocator(text: string): LineLocator {
  const lines = new Map<string, number>();
  // A path's key is its parts joined by NUL. The walk builds each value's key from its
  // parent's (a recorded fixture holds thousands of values); a lookup folds the same way.
  const childKey = (parent: string, depth: number, part: PropertyKey): string => (depth === 0 ? String(part) : `${parent}\u0000${String(part)}`);
  const keyOf = (path: readonly PropertyKey[]): string => path.reduce<string>((key, part, depth) => childKey(key, depth, part), '');
  let line = 1;
  let at = 0;
  const skipSpace = (): void => {
    for (; at < text.length; at++) {
      const char = text[at];
      if (char === '\n') line += 1;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
    }
  };
  const skipString = (): void => {
    for (at += 1; at < text.length && text[at] !== '"'; at++) if (text[at] === '\\') at += 1;
    at += 1;
  };
  const readString = (): string => {
    const start = at;
    skipString();
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (key: string, depth: number): void => {
    skipSpace();
    if (!lines.has(key)) lines.set(key, line);
    const char = text[at];
    if (char === '{') {
      at += 1;
      for (;;) {
        skipSpace();
        if (text[at] === '}') break;
        const keyLine = line;
        const memberKey = childKey(key, depth, readString());
        lines.set(memberKey, keyLine);
        skipSpace();
        at += 1; // ':'
        readValue(memberKey, depth + 1);
        skipSpace();
        if (text[at] === ',') at += 1;
      }
      at += 1;
    } else if (char === '[') {
      at += 1;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[at] === ']') break;
        readValue(childKey(key, depth, index), depth + 1);
        skipSpace();
        if (text[at] === ',') at += 1;
      }
      at += 1;
    } else if (char === '"') {
      skipString();
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (at < text.length && !valueEnds.has(text[at] ?? '')) at += 1;
    }
  };
  readValue('', 0);
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const found = lines.get(keyOf(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return undefined;
  };
}
