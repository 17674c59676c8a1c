import type { LineLocator } from './parse-fixtures.ts';

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
  const keyOf = (path: readonly PropertyKey[]): string => path.map(String).join('\u0000');
  let line = 1;
  let at = 0;
  const skipSpace = (): void => {
    for (; at < text.length; at++) {
      const char = text[at];
      if (char === '\n') line += 1;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
    }
  };
  const readString = (): string => {
    const start = at;
    for (at += 1; at < text.length && text[at] !== '"'; at++) if (text[at] === '\\') at += 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (path: PropertyKey[]): void => {
    skipSpace();
    if (!lines.has(keyOf(path))) lines.set(keyOf(path), line);
    const char = text[at];
    if (char === '{') {
      at += 1;
      for (;;) {
        skipSpace();
        if (text[at] === '}') break;
        const keyLine = line;
        const key = readString();
        path.push(key);
        lines.set(keyOf(path), keyLine);
        skipSpace();
        at += 1; // ':'
        readValue(path);
        path.pop();
        skipSpace();
        if (text[at] === ',') at += 1;
      }
      at += 1;
    } else if (char === '[') {
      at += 1;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[at] === ']') break;
        path.push(index);
        readValue(path);
        path.pop();
        skipSpace();
        if (text[at] === ',') at += 1;
      }
      at += 1;
    } else if (char === '"') {
      readString();
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (at < text.length && !/[\s,\]}]/.test(text[at] ?? '')) at += 1;
    }
  };
  readValue([]);
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const found = lines.get(keyOf(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return undefined;
  };
}
