/**
 * What a command may touch of the outside world: where it writes, and the
 * signal that tells a long-running command (start, lambda) to stop. The bin
 * wires these to the process; a test passes its own.
 */
export type CliIo = {
  /** Writes to standard output (text as is: add the newline). */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Aborts when a server command should shut down (SIGINT/SIGTERM in the bin). */
  readonly stop: AbortSignal;
};

/** A usage problem: the command says what is wrong and exits 1, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code a command leaves, set by its action. */
export type CommandResult = { exitCode: number };

/**
 * Resolves when the signal aborts: a server command's lifetime.
 *
 * @example
 * await stopped(io.stop); await server.close();
 */
export function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
