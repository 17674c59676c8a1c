import { RE2JS } from 're2js';

/**
 * A fixture's regular expression, run by a linear-time engine (RE2's, in
 * JavaScript: `re2js`): no fixture can stall the server, whatever it asks
 * — `(a+)+$` against a long line answers in microseconds. RE2 has no
 * lookaround and no backreferences; a pattern that uses them is refused at
 * load with the reason. Flags: `i`, `m`, `s` as in JavaScript (`u` is
 * always on; `g`, `y`, `d`, `v` change nothing for a yes/no match).
 *
 * @example
 * compilePattern('^(hi|hello)\\b', 'i').test('Hello there') // true
 */
export function compilePattern(source: string, flags = ''): { test(text: string): boolean } {
  let options = 0;
  if (flags.includes('i')) options |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) options |= RE2JS.MULTILINE;
  if (flags.includes('s')) options |= RE2JS.DOTALL;
  const pattern = RE2JS.compile(source, options);
  // A yes/no question asks for no capture groups, so re2js can answer it with its DFA (each
  // character read once, with a cached step) instead of its NFA, which tracks match positions
  // and reads a large text ten times slower. Both are linear in the text.
  return { test: (text) => pattern.test(text) };
}

/**
 * Every match of a pattern in a text, left to right, with where each is (in
 * UTF-16 units, as `String.prototype.slice` counts), on the same linear-time
 * engine: a guardrail's regex assesses a prompt the client chose, so no
 * pattern may backtrack on it. Empty matches are skipped.
 *
 * @example
 * [...compileSearch('\\d{3}-\\d{4}').findAll('call 555-1234')] // [{ start: 5, end: 13, match: '555-1234' }]
 */
export function compileSearch(source: string): { findAll(text: string): Generator<{ start: number; end: number; match: string }> } {
  const pattern = RE2JS.compile(source);
  return {
    *findAll(text) {
      const matcher = pattern.matcher(text);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) yield { start, end, match: text.slice(start, end) };
      }
    },
  };
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(source: string, flags = ''): string | undefined {
  try {
    compilePattern(source, flags);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    // Lookbehind reads as a bad named group to RE2, a backreference as a bad escape.
    const unsupported = /invalid or unsupported Perl syntax|invalid named capture: `\(\?<[=!]|invalid escape sequence: `\\[1-9]/.test(message);
    return unsupported ? `${message} — fixtures run regular expressions in linear time (RE2), which has no lookaround or backreferences` : message;
  }
}
