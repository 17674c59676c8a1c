import { startLambdaHost } from '../aws-local/node/start-lambda-host.ts';
import { stopped, UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { functionEnvironment } from './function-options.ts';
import type { LambdaFlags } from './lambda-command.ts';

/** The `lambda` command's work, loaded only when the command runs. */
export async function runLambda(flags: LambdaFlags, io: CliIo, result: CommandResult): Promise<void> {
  const environment = await functionEnvironment(flags.env, io);
  const host = await startLambdaHost({
    handler: flags.handler,
    ...(flags.runtime === undefined ? {} : { runtime: flags.runtime }),
    mode: flags.mode,
    invokeMode: flags.invokeMode,
    timeoutSeconds: flags.timeout,
    environment,
    memorySizeMb: flags.memory,
    maxConcurrency: flags.maxConcurrency,
    port: flags.port,
    host: flags.host,
    ...(flags.functionName === undefined ? {} : { functionName: flags.functionName }),
  }).catch((error: unknown) => {
    // A handler that does not load is the user's to fix, not a bug of ours: no stack. (A port in use is explained by main.)
    throw (error as { code?: unknown }).code === undefined ? new UsageError((error as Error).message) : error;
  });
  for (const note of host.notes) io.out(`note: ${note}\n`);
  const runsOn = host.runtime.startsWith('python') ? `${host.runtime}, ${host.mode}` : host.mode;
  io.out(`function ${host.functionName} (${runsOn}, ${flags.invokeMode}, timeout ${flags.timeout} s)\n`);
  io.out(`lambda api on ${host.url.replace(/\/$/, '')} (Invoke, InvokeWithResponseStream)\n`);
  io.out(`listening on ${host.url}\n`);
  await stopped(io.stop);
  await host.close();
  result.exitCode = 0;
}
