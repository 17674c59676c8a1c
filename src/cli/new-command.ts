import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { FixtureError } from '../errors/fixture-error.ts';
import { fixtureJsonSchemaPath } from '../fixture-format/fixture-json-schema.ts';
import { fixtureFormatOf, parseFixtureText } from '../fixture-format/parse-fixture-text.ts';
import { timingProfileNames, type TimingProfileName } from '../fixture-format/timing-profiles.ts';
import { FileExistsError, writeFileAtomically } from '../node/write-file-atomically.ts';
import { UsageError, type CliIo, type CommandResult } from './cli-io.ts';

type NewFlags = {
  prompt: string;
  text?: string;
  textFile?: string;
  model?: string;
  timing: TimingProfileName;
  name?: string;
  out?: string;
  force: boolean;
};

/** The package's root, wherever it is installed (src/cli or dist/cli lies two levels below). */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function registerNew(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('new')
    .description('Write a new fixture that answers a prompt with a text. The file is written atomically and never overwritten without --force.')
    .requiredOption('--prompt <text>', 'what the last user message contains')
    .addOption(new Option('--text <text>', 'what the model answers').conflicts('textFile'))
    .addOption(new Option('--text-file <file>', 'read the answer from a file'))
    .addOption(new Option('--model <glob>', 'only answer these model ids, e.g. "anthropic.claude-*"'))
    .addOption(new Option('--timing <profile>', 'timing profile').choices(timingProfileNames).default('realistic'))
    .addOption(new Option('--name <name>', 'fixture name (default: from the prompt)'))
    .addOption(new Option('-o, --out <file>', 'file to write, .json or .yaml (default: fixtures/<name>.json)'))
    .addOption(new Option('--force', 'overwrite the file if it exists').default(false))
    .action(async (flags: NewFlags) => {
      if (flags.text === undefined && flags.textFile === undefined) throw new UsageError('give the answer with --text or --text-file');
      const text = flags.text ?? (await readFile(flags.textFile ?? '', 'utf8'));
      const name = flags.name ?? slug(flags.prompt);
      const out = flags.out ?? path.join('fixtures', `${name}.json`);
      const format = fixtureFormatOf(out);
      if (format === undefined) throw new UsageError(`--out must end in .json, .yaml or .yml, got ${out}`);
      const schema = path.relative(path.dirname(path.resolve(out)), path.join(packageRoot, fixtureJsonSchemaPath)).split(path.sep).join('/');
      const fixture = {
        ...(format === 'json' ? { $schema: schema } : {}),
        name,
        match: { ...(flags.model === undefined ? {} : { model: flags.model }), lastUserMessage: { contains: flags.prompt } },
        response: { text },
        timing: flags.timing,
      };
      const body = format === 'json' ? `${JSON.stringify(fixture, null, 2)}\n` : `# yaml-language-server: $schema=${schema}\n${toYaml(fixture)}`;
      // Never write a fixture the emulator would refuse.
      const { problems } = parseFixtureText(body, out, format);
      if (problems.length > 0) throw new FixtureError(problems);
      try {
        await writeFileAtomically(out, body, { overwrite: flags.force });
      } catch (error) {
        throw error instanceof FileExistsError ? new UsageError(error.message) : error;
      }
      io.out(`wrote ${out}\n`);
      result.exitCode = 0;
    });
}

/** A file-name-safe name from a prompt: `What's the weather?` → `whats-the-weather`. */
function slug(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .split(/[\s-]+/)
    .filter(Boolean)
    .slice(0, 6);
  return words.length === 0 ? 'fixture' : words.join('-');
}
