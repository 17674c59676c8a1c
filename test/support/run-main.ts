import { afterEach } from 'vitest';
import { main } from '../../src/cli/main.ts';

const stops: AbortController[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop.abort();
});

/**
 * Runs the CLI as a function in this process (no spawn): its output
 * collected, a server command stopped after the test.
 *
 * @example
 * const run = runMain(['validate', 'fixtures']); expect(await run.exitCode).toBe(0);
 */
export function runMain(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const stop = new AbortController();
  stops.push(stop);
  const exitCode = main(argv, { out: (text) => (stdout += text), err: (text) => (stderr += text), stop: stop.signal });
  return {
    exitCode,
    output: () => ({ stdout, stderr }),
    /** Stops a server command; resolves with its exit code once it has closed everything. */
    stop: (): Promise<number> => {
      stop.abort();
      return exitCode;
    },
    async listening(): Promise<string> {
      let exited = false;
      void exitCode.then(() => (exited = true));
      for (;;) {
        const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (url !== undefined) return url;
        if (exited) throw new Error(`exited early: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
