import type { InvocationRecord } from '../host/invocation-log.ts';
import { startFunction, type FunctionOptions, type RunningFunction } from './start-function.ts';

/** Something served that closes: a front door on its port. */
type Closable = { close(): Promise<void> };

/**
 * A front door and the functions behind it as one running thing. `serve`
 * starts the functions it needs with the `start` it is given, and opens the
 * door on them; if anything throws, the functions started so far are closed
 * and the error rethrown. Closing closes the door first (what it does on its
 * way out, such as a WebSocket API's `$disconnect`, still reaches its
 * functions), then the functions. `invocations()` lists every function's.
 *
 * @example
 * const api = await serveWithFunctions(async (start) => serveHttpApi({ routes: [{ routeKey: '$default', fn: (await start({ handler })).fn }] }));
 */
export async function serveWithFunctions<Served extends Closable>(
  serve: (start: (options: FunctionOptions) => Promise<RunningFunction>) => Promise<Served>,
): Promise<Served & { readonly invocations: () => InvocationRecord[] }> {
  const functions: RunningFunction[] = [];
  const closeFunctions = async (): Promise<void> => {
    await Promise.all(functions.map((running) => running.close()));
  };
  try {
    const served = await serve(async (options) => {
      const running = await startFunction(options);
      functions.push(running);
      return running;
    });
    return {
      ...served,
      invocations: () => functions.flatMap((running) => running.invocations()),
      close: async () => {
        await served.close();
        await closeFunctions();
      },
    };
  } catch (error) {
    await closeFunctions();
    throw error;
  }
}
