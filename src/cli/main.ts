#!/usr/bin/env node
import { Command } from 'commander';
import { FixtureError } from '../errors/fixture-error.ts';
import { registerLambda } from './lambda-command.ts';
import { registerNew } from './new-command.ts';
import { registerStart } from './start-command.ts';
import { registerValidate } from './validate-command.ts';

const program = new Command()
  .name('bedrock-emulator')
  .description('A local, offline emulator of the Amazon Bedrock Runtime API.')
  .showHelpAfterError();

registerStart(program);
registerValidate(program);
registerNew(program);
registerLambda(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof FixtureError) {
    console.error(`bedrock-emulator: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
