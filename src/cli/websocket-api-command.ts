import { Option, type Command } from 'commander';
import type { CliIo, CommandResult } from './cli-io.ts';
import { addFunctionOptions, type FunctionFlags } from './function-options.ts';
import { eachNonEmpty, integerFrom, nonEmpty, stageName } from './options.ts';

export type WebSocketApiFlags = FunctionFlags & { route: string[]; routeResponse: string[]; routeSelection: string; stage: string; integrationTimeout: number };

export function registerWebSocketApi(program: Command, io: CliIo, result: CommandResult): void {
  addFunctionOptions(
    program
      .command('websocket-api')
      .description('Run Lambda handlers behind an API Gateway WebSocket API: $connect, $disconnect, $default and custom routes, the @connections API, and its limits.')
      .addOption(
        new Option('--route <KEY=file#export...>', "a route and its handler, e.g. '$default=src/functions/chat-websocket/index.ts#handler' (repeat for more)")
          .makeOptionMandatory()
          .argParser(eachNonEmpty('a route and its handler, KEY=file#export')),
      ),
    3002,
  )
    .addOption(new Option('--route-response <KEY...>', 'routes whose function result body goes back to the client (two-way routes)').default([]).argParser(eachNonEmpty('a route key')))
    .addOption(new Option('--route-selection <expression>', 'the route selection expression').default('$request.body.action').argParser(nonEmpty('a route selection expression, such as $request.body.action')))
    .addOption(new Option('--stage <name>', 'the stage: clients connect to /<stage>').default('prod').argParser(stageName))
    .addOption(new Option('--integration-timeout <ms>', 'how long API Gateway waits for a route: 50–29000 ms').default(29_000).argParser(integerFrom(50, 29_000, "ms, a WebSocket API's limits")))
    .action(async (flags: WebSocketApiFlags) => {
      const { runWebSocketApi } = await import('./front-door-actions.ts');
      await runWebSocketApi(flags, io, result);
    });
}
