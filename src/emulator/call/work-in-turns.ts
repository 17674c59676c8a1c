/**
 * Above this many characters, a request's body and prompt are worked through
 * one pass at a time (decoding, parsing, the token estimate, each matcher),
 * with a turn of the event loop between passes: a 20 MB prompt then holds up
 * other clients for one pass over it (tens to a few hundred ms), never for
 * its whole handling. A pass over 1 MB takes about 10 ms; smaller requests
 * run straight through, as before.
 */
export const largeTextCharacters = 1_000_000;

/**
 * Lets the event loop serve other work (sockets, timers, other requests)
 * before going on. Waiters go on one at a time, one per turn of the event
 * loop, oldest first: with eight 20 MB prompts in flight, sockets are still
 * read between any two of their passes, not after one pass of each. The
 * event loop's turn, not the emulator's clock: a manual clock in a test must
 * not have to be advanced for a request to be parsed.
 *
 * @example
 * if (text.length > largeTextCharacters) await nextTurn();
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) setTimeout(takeTurn, 0);
  });
}

// Deliberately one queue for the process, not one per emulator (the one state here that is not an
// emulator's): what it shares out is the event loop, and that is the process's. A queue per emulator
// would let one waiter of each go every turn, so several emulators' large prompts would run back to
// back between two reads of the sockets.
const waiting: (() => void)[] = [];

function takeTurn(): void {
  const next = waiting.shift();
  // Scheduled before the waiter's pass runs, this timer comes due only in the next turn, after sockets are read.
  if (waiting.length > 0) setTimeout(takeTurn, 0);
  next?.();
}

/**
 * Runs work written as a generator that yields where it may pause: straight
 * through (a value, no promise, no turn) when it never yields, else with a
 * turn of the event loop at each yield (a promise).
 *
 * @example
 * const decision = runInTurns(planSteps(request)); // CallDecision | Promise<CallDecision>
 */
export function runInTurns<T>(steps: Generator<void, T, undefined>): T | Promise<T> {
  const first = steps.next();
  if (first.done === true) return first.value;
  return (async () => {
    for (;;) {
      await nextTurn();
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  })();
}
