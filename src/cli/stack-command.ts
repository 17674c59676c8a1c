import { Option, type Command } from 'commander';
import type { CliIo, CommandResult } from './cli-io.ts';
import { hostName, nonEmpty, portNumber } from './options.ts';

export type StackFlags = { port: number; host: string; mode: 'in-process' | 'runtime'; env: string[] };

export function registerStack(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('stack')
    .description("Start a SAM / CloudFormation template's functions, Function URLs, REST, HTTP and WebSocket APIs and DynamoDB tables locally.")
    .argument('<template>', 'the template (YAML or JSON)', nonEmpty('a template file'))
    .addOption(new Option('-p, --port <port>', 'the first port; each front door takes the next. 0 gives each a free one').default(3000).argParser(portNumber))
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1').argParser(hostName))
    .addOption(new Option('--mode <mode>', 'how the functions run: in this process, or each under the real runtime interface client').choices(['in-process', 'runtime']).default('in-process'))
    .addOption(new Option('-e, --env <KEY=VALUE...>', "added to every function's environment, e.g. AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:4010").default([]))
    .action(async (template: string, flags: StackFlags) => {
      const { runStack } = await import('./stack-action.ts');
      await runStack(template, flags, io, result);
    });
}
