import { lastToolResults, lastUserMessageText, messageText, userTurn, type NormalizedRequest, type ResolvedToolResult } from './request.ts';

/**
 * A request as fixture matchers read it, for one selection. Each text a
 * matcher reads (the last user message, one message, the tool results) is
 * built once, when the first matcher asks for it, and each matcher's verdict
 * is kept: choosing a fixture and then explaining why none matched read a
 * 20 MB prompt once, not once per matcher and again per explanation.
 */
export type MatchInput = {
  readonly request: NormalizedRequest;
  /** The last user message's text (its text blocks joined by newlines). */
  lastUserMessageText(): string;
  /** The text of `request.messages[index]`. */
  messageText(index: number): string;
  userTurn(): number;
  lastToolResults(): readonly ResolvedToolResult[];
  /** The verdict of a matcher on this request: tested the first time, remembered after. */
  verdict(matcher: MatchTest): boolean;
  /** Whether `matcher` has been tested on this request. */
  tested(matcher: MatchTest): boolean;
  /** Characters the matchers tested so far have read: the work matching has done on this request. */
  charactersRead(): number;
};

/** The part of a matcher `MatchInput` runs: what it reads, and its test. */
export type MatchTest = {
  /** How many characters `test` reads on this request (0 for a check that reads no prompt text). */
  readonly reads: (input: MatchInput) => number;
  readonly test: (input: MatchInput) => boolean;
};

/**
 * Wraps a request for one fixture selection.
 *
 * @example
 * const input = createMatchInput(request);
 * selectFixture(fixtures, input); explainMisses(fixtures, input); // each matcher tested once
 */
export function createMatchInput(request: NormalizedRequest): MatchInput {
  let lastUser: string | undefined;
  let turn: number | undefined;
  let toolResults: readonly ResolvedToolResult[] | undefined;
  const messages = new Map<number, string>();
  const verdicts = new Map<MatchTest, boolean>();
  let read = 0;
  const input: MatchInput = {
    request,
    lastUserMessageText: () => (lastUser ??= lastUserMessageText(request)),
    messageText(index) {
      const known = messages.get(index);
      if (known !== undefined) return known;
      const message = request.messages[index];
      const text = message === undefined ? '' : messageText(message);
      messages.set(index, text);
      return text;
    },
    userTurn: () => (turn ??= userTurn(request)),
    lastToolResults: () => (toolResults ??= lastToolResults(request)),
    verdict(matcher) {
      const known = verdicts.get(matcher);
      if (known !== undefined) return known;
      read += matcher.reads(input);
      const passed = matcher.test(input);
      verdicts.set(matcher, passed);
      return passed;
    },
    tested: (matcher) => verdicts.has(matcher),
    charactersRead: () => read,
  };
  return input;
}
