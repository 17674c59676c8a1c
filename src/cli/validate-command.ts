import { Option, type Command } from 'commander';
import type { CliIo, CommandResult } from './cli-io.ts';
import { eachNonEmpty } from './options.ts';

const defaultPaths = ['fixtures'];

export function registerValidate(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('validate')
    .description('Check fixture files: report every problem with file, line, field and fix, and warn about fixtures that can never answer. Exits 1 on problems.')
    .argument('[paths...]', 'fixture files or folders', eachNonEmpty('a fixture file or folder', defaultPaths), defaultPaths)
    .addOption(new Option('--json', 'print the report as JSON').default(false))
    .action(async (paths: string[], flags: { json: boolean }) => {
      const { runValidate } = await import('./validate-action.ts');
      await runValidate(paths, flags, io, result);
    });
}
