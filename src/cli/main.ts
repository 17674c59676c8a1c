#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { FixtureError } from '../errors/fixture-error.ts';
import { startEmulator } from '../node/start-emulator.ts';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('expected an integer from 0 to 65535.');
  return parsed;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return parsed;
}

const program = new Command()
  .name('bedrock-emulator')
  .description('A local, offline emulator of the Amazon Bedrock Runtime API.')
  .showHelpAfterError();

program
  .command('start')
  .description('Serve the Bedrock Runtime API (HTTP/1.1 and h2c on one port) from fixture files.')
  .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(4010).argParser(port))
  .addOption(new Option('-H, --host <host>', 'interface to bind; use 0.0.0.0 to accept other machines').default('127.0.0.1'))
  .addOption(new Option('-f, --fixtures <path...>', 'fixture files or folders (JSON), matched in name order').default(['fixtures']))
  .addOption(new Option('--default-text <text>', 'what the model says when no fixture matches'))
  .addOption(
    new Option('--speed <factor>', 'multiply every fixture delay by this factor (0 = no delays, 1 = as written)')
      .default(1)
      .argParser(nonNegativeNumber),
  )
  .action(async (options: { port: number; host: string; fixtures: string[]; defaultText?: string; speed: number }) => {
    const server = await startEmulator({
      port: options.port,
      host: options.host,
      fixturePaths: options.fixtures,
      timeScale: options.speed,
      ...(options.defaultText === undefined ? {} : { defaultText: options.defaultText }),
    });
    const count = server.emulator.fixtureCount();
    console.log(`loaded ${count} fixture${count === 1 ? '' : 's'} from ${options.fixtures.join(', ')}`);
    console.log(`listening on ${server.url}`);
    const shutdown = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof FixtureError) {
    console.error(`bedrock-emulator: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
