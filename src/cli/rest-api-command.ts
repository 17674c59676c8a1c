import { Option, type Command } from 'commander';
import type { CliIo, CommandResult } from './cli-io.ts';
import { addFunctionOptions, type FunctionFlags } from './function-options.ts';
import { gatewayMethods, integerFrom, nonEmpty, resourcePath, stageName } from './options.ts';

export type RestApiFlags = FunctionFlags & {
  handler: string;
  path: string;
  method: string;
  stage: string;
  transferMode: 'BUFFERED' | 'STREAM';
  integrationTimeout: number;
};

export function registerRestApi(program: Command, io: CliIo, result: CommandResult): void {
  addFunctionOptions(
    program
      .command('rest-api')
      .description('Run a Lambda handler behind an API Gateway REST API (Lambda proxy integration): BUFFERED, cut at the integration timeout with 504, or STREAM.')
      .addOption(new Option('--handler <file#export>', 'the handler, e.g. src/functions/chat-stream/index.ts#handler').makeOptionMandatory().argParser(nonEmpty('a handler, file#export'))),
    3000,
  )
    .addOption(new Option('--path <resource>', 'the resource the function answers, below the stage; {param} and a final {proxy+} allowed').default('/{proxy+}').argParser(resourcePath))
    .addOption(new Option('--method <method>', 'the HTTP method the route answers, or ANY').choices(gatewayMethods).default('ANY'))
    .addOption(new Option('--stage <name>', 'the stage, the first segment of every path').default('prod').argParser(stageName))
    .addOption(new Option('--transfer-mode <mode>', "the integration's response transfer mode").choices(['BUFFERED', 'STREAM']).default('BUFFERED'))
    .addOption(new Option('--integration-timeout <ms>', 'how long API Gateway waits: 50–29000 ms (BUFFERED); up to 900000 for STREAM, where it bounds the whole response').default(29_000).argParser(integerFrom(50, 900_000, "ms, API Gateway's limits")))
    .action(async (flags: RestApiFlags) => {
      const { runRestApi } = await import('./front-door-actions.ts');
      await runRestApi(flags, io, result);
    });
}
