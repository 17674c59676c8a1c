import { Option, type Command } from 'commander';
import { timingProfileNames, type TimingProfileName } from '../core/fixtures/timing-profiles.ts';
import type { CliIo, CommandResult } from './cli-io.ts';
import { nonEmpty } from './options.ts';

export type NewFlags = {
  prompt: string;
  text?: string;
  textFile?: string;
  model?: string;
  timing: TimingProfileName;
  name?: string;
  out?: string;
  force: boolean;
};

export function registerNew(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('new')
    .description('Write a new fixture that answers a prompt with a text. The file is written atomically and never overwritten without --force.')
    .addOption(new Option('--prompt <text>', 'what the last user message contains').makeOptionMandatory().argParser(nonEmpty('the text the last user message contains')))
    .addOption(new Option('--text <text>', 'what the model answers').conflicts('textFile'))
    .addOption(new Option('--text-file <file>', 'read the answer from a file').argParser(nonEmpty('a file')))
    .addOption(new Option('--model <glob>', 'only answer these model ids, e.g. "anthropic.claude-*"').argParser(nonEmpty('a model id or glob')))
    .addOption(new Option('--timing <profile>', 'timing profile').choices(timingProfileNames).default('realistic'))
    .addOption(new Option('--name <name>', 'fixture name (default: from the prompt)').argParser(nonEmpty('a name')))
    .addOption(new Option('-o, --out <file>', 'file to write, .json or .yaml (default: fixtures/<name>.json)').argParser(nonEmpty('a file')))
    .addOption(new Option('--force', 'overwrite the file if it exists').default(false))
    .action(async (flags: NewFlags) => {
      const { runNew } = await import('./new-action.ts');
      await runNew(flags, io, result);
    });
}
