/** How deep a request body may nest: far beyond any real request, well within what parsing and validation recurse through. */
export const maxJsonDepth = 100;

/**
 * How deep a JSON text nests (`[`/`{` outside strings), read once, left to
 * right, without recursion: what lets a body nested 20,000 deep get its 400
 * before any recursive work (parsing, validation) sees it. Pure.
 *
 * @example
 * jsonDepth('{"a":[[1]]}') // 3
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    if (inString) {
      // A string is skipped to its closing quote: one that an odd run of backslashes does not escape.
      const quote = text.indexOf('"', index);
      if (quote === -1) break;
      let backslashes = 0;
      while (quote - backslashes - 1 >= index && text.charCodeAt(quote - backslashes - 1) === 0x5c) backslashes += 1;
      index = quote;
      if (backslashes % 2 === 0) inString = false;
      continue;
    }
    const char = text.charCodeAt(index);
    if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return deepest;
}
