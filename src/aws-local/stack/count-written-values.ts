import { Lexer } from 'yaml';

/**
 * How many values a YAML or JSON text writes out (scalars, keys among them,
 * flow lists and mappings, aliases each once), counted from its tokens
 * without building a document, and only up to `stopAfter + 1`: building the
 * document costs far more per value, so a text with too many is refused for
 * the price of reading the first ones.
 *
 * @example
 * countWrittenValues('a: [b, "c"]\nd: *x\n', 100) // 6: a, the list, b, "c", d, *x
 */
export function countWrittenValues(text: string, stopAfter: number): number {
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    if (!startsValue(token)) continue;
    count++;
    if (count > stopAfter) break;
  }
  return count;
}

/**
 * The lexer puts a SCALAR mark (U+001F) before a plain scalar and before a
 * block scalar's text; a quoted scalar, a flow collection and an alias are
 * one token each. Block lists and mappings have no token of their own, and
 * their keys and items are counted.
 */
function startsValue(token: string): boolean {
  switch (token[0]) {
    case '\u001f':
    case '"':
    case "'":
    case '[':
    case '{':
    case '*':
      return true;
    default:
      return false;
  }
}
