import { Option, type Command } from 'commander';
import { maxTimeoutSeconds } from '../aws-local/host/function-config.ts';
import { lambdaRuntimes, type LambdaRuntime } from '../aws-local/host/lambda-runtimes.ts';
import type { CliIo, CommandResult } from './cli-io.ts';
import { functionNameOption, hostName, memorySizeMb, nonEmpty, portNumber, positiveInteger, timeoutSeconds } from './options.ts';

export type LambdaFlags = {
  handler: string;
  runtime?: LambdaRuntime;
  port: number;
  host: string;
  mode: 'in-process' | 'runtime';
  invokeMode: 'RESPONSE_STREAM' | 'BUFFERED';
  timeout: number;
  env: string[];
  functionName?: string;
  memory: number;
  maxConcurrency: number;
};

export function registerLambda(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('lambda')
    .description('Run a Lambda handler behind a local Function URL (and the Lambda Invoke APIs), streaming as on AWS.')
    .addOption(new Option('--handler <handler>', "the handler: Lambda's MODULE.FUNCTION from the current folder (app.lambda_handler, index.handler) or FILE#EXPORT (src/functions/chat-stream/index.ts#handler)").makeOptionMandatory().argParser(nonEmpty('a handler, MODULE.FUNCTION or FILE#EXPORT')))
    .addOption(new Option('--runtime <runtime>', "the Lambda runtime (default: a .py handler's is the machine's python3's, else this Node's); Python always runs in its own process").choices(lambdaRuntimes))
    .addOption(new Option('-p, --port <port>', 'port for the Function URL and the Lambda API; 0 picks a free one').default(9000).argParser(portNumber))
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1').argParser(hostName))
    .addOption(new Option('--mode <mode>', 'in-process: fast, in this process; runtime: its own process under the real runtime interface client (aws-lambda-ric)').choices(['in-process', 'runtime']).default('in-process'))
    .addOption(new Option('--invoke-mode <mode>', "the Function URL's invoke mode").choices(['RESPONSE_STREAM', 'BUFFERED']).default('RESPONSE_STREAM'))
    .addOption(new Option('--timeout <seconds>', `function timeout, 1 to ${maxTimeoutSeconds} (Lambda's default: 3)`).default(3).argParser(timeoutSeconds))
    .addOption(new Option('-e, --env <KEY=VALUE...>', "the function's environment variables").default([]))
    .addOption(new Option('--function-name <name>', "the function's name (default: the handler file's name, or its folder's for an index file)").argParser(functionNameOption))
    .addOption(new Option('--memory <mb>', 'memory size in MB, 128 to 10240 as on Lambda: the function sees it (context, AWS_LAMBDA_FUNCTION_MEMORY_SIZE); not enforced').default(128).argParser(memorySizeMb))
    .addOption(new Option('--max-concurrency <n>', 'concurrent invocations at most; beyond, 429 TooManyRequestsException').default(10).argParser(positiveInteger))
    .action(async (flags: LambdaFlags) => {
      const { runLambda } = await import('./lambda-action.ts');
      await runLambda(flags, io, result);
    });
}
