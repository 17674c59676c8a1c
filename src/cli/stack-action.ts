import { TemplateError } from '../aws-local/stack/template-error.ts';
import { startStack } from '../aws-local/stack/start-stack.ts';
import { stopped, UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { asUsageError, functionEnvironment } from './function-options.ts';
import type { StackFlags } from './stack-command.ts';

/** The `stack` command's work, loaded only when the command runs. */
export async function runStack(template: string, flags: StackFlags, io: CliIo, result: CommandResult): Promise<void> {
  const stack = await startStack({ template, mode: flags.mode, environment: await functionEnvironment(flags.env, io), host: flags.host, port: flags.port }).catch((error: unknown) => {
    // Every problem of the template, one per line, then exit 1.
    if (error instanceof TemplateError) throw new UsageError(error.message);
    return asUsageError(error);
  });
  for (const note of stack.notes) io.out(`note: ${note}\n`);
  for (const endpoint of stack.endpoints) io.out(`${endpoint.kind.padEnd(13)} ${endpoint.name}: ${endpoint.url}\n`);
  const first = stack.endpoints.find((endpoint) => endpoint.kind !== 'dynamodb');
  if (first !== undefined) io.out(`listening on ${first.url.replace(/^ws/, 'http').replace(/^(https?:\/\/[^/]+).*$/, '$1')}\n`);
  await stopped(io.stop);
  await stack.close();
  result.exitCode = 0;
}
