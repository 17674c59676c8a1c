import { Option, type Command } from 'commander';
import type { CliIo, CommandResult } from './cli-io.ts';
import { addFunctionOptions, type FunctionFlags } from './function-options.ts';
import { httpRouteKey, integerFrom, nonEmpty, resourcePath } from './options.ts';

export type HttpApiFlags = FunctionFlags & { handler: string; route: string; integrationTimeout: number };

export function registerHttpApi(program: Command, io: CliIo, result: CommandResult): void {
  addFunctionOptions(
    program
      .command('http-api')
      .description('Run a Lambda handler behind an API Gateway HTTP API (payload format 2.0): buffered only, 503 past its integration timeout (at most 30 s).')
      .addOption(new Option('--handler <file#export>', 'the handler, e.g. src/functions/chat-stream/index.ts#handler').makeOptionMandatory().argParser(nonEmpty('a handler, file#export'))),
    3001,
  )
    .addOption(new Option('--route <key>', "the route the function answers: 'METHOD /path' ({param}, {proxy+}) or $default (every request)").default('$default').argParser(httpRouteKey))
    .addOption(new Option('--path <path>', 'shorthand for --route "ANY <path>"').argParser(resourcePath))
    .addOption(new Option('--integration-timeout <ms>', 'how long API Gateway waits: 50–30000 ms').default(30_000).argParser(integerFrom(50, 30_000, "ms, an HTTP API's limits")))
    .action(async (flags: HttpApiFlags & { path?: string }) => {
      const { runHttpApi } = await import('./front-door-actions.ts');
      await runHttpApi(flags.path === undefined ? flags : { ...flags, route: `ANY ${flags.path}` }, io, result);
    });
}
