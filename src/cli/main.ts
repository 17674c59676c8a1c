import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { FixtureError } from '../core/errors/fixture-error.ts';
import { UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { registerHttpApi } from './http-api-command.ts';
import { registerLambda } from './lambda-command.ts';
import { registerNew } from './new-command.ts';
import { packageRoot } from './package-root.ts';
import { registerRecord } from './record-command.ts';
import { registerRestApi } from './rest-api-command.ts';
import { registerStack } from './stack-command.ts';
import { registerStart } from './start-command.ts';
import { registerValidate } from './validate-command.ts';
import { registerWebSocketApi } from './websocket-api-command.ts';

export type { CliIo } from './cli-io.ts';

/** Every command, in the order the help lists them. */
const commands = {
  start: registerStart,
  validate: registerValidate,
  new: registerNew,
  lambda: registerLambda,
  'rest-api': registerRestApi,
  'http-api': registerHttpApi,
  'websocket-api': registerWebSocketApi,
  stack: registerStack,
  record: registerRecord,
};

/**
 * The CLI as a function: runs one command and resolves with its exit code.
 * Nothing in it exits the process; server commands run until `io.stop`
 * aborts, then close what they opened.
 *
 * @example
 * const code = await main(['validate', 'fixtures'], { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), stop: signal });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const result: CommandResult = { exitCode: 0 };
  /** The command being parsed, so that an option error can show that option's help. */
  let parsing: Command | undefined;
  // Settings made here are inherited by every command added after them.
  const program: Command = new Command()
    .name('bedrock-emulator')
    .description('A local, offline emulator of the Amazon Bedrock Runtime API.')
    .version(packageVersion(), '-v, --version', 'prints the version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(withOptionHelp(text, parsing ?? program)) })
    .hook('preSubcommand', (_, command) => {
      parsing = command;
    });
  // Commander builds every option of every command it is given, a few ms for all nine: a
  // command named on the line is given alone; help, --version or a misspelt name get them all.
  const named = Object.hasOwn(commands, argv[0] ?? '') ? commands[argv[0] as keyof typeof commands] : undefined;
  for (const register of named === undefined ? Object.values(commands) : [named]) register(program, io, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    // Commander has already written its message (or the help) to io.err / io.out.
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`bedrock-emulator: ${explain(error)}\n`);
    return 1;
  }
}

/**
 * Commander's error line, then the help of the option it names (not the whole
 * help, which would push the error off the screen) and where the rest is.
 */
function withOptionHelp(text: string, command: Command): string {
  const named = /option '([^']+)'/.exec(text)?.[1]?.split(/[ ,]/).find((flag) => flag.startsWith('-'));
  const option = named === undefined ? undefined : command.options.find((candidate) => candidate.long === named || candidate.short === named);
  const optionHelp = option === undefined ? '' : `  ${option.flags}  ${option.description}\n`;
  const helpCommand = command.parent === null ? 'bedrock-emulator --help' : `bedrock-emulator ${command.name()} --help`;
  return `${text}${optionHelp}Run '${helpCommand}' for every option.\n`;
}

/** The installed package's version, from its package.json. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown (no package.json above the bin)';
  }
}

/** A failure in words a user can act on; a bug keeps its stack. */
function explain(error: unknown): string {
  if (error instanceof UsageError || error instanceof FixtureError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    const port = (error as { port?: unknown }).port;
    return `port ${String(port)} is already in use (another emulator?). Choose another with --port, or --port 0 for a free one.`;
  }
  if (code === 'EACCES' && (error as { syscall?: unknown }).syscall === 'listen') return `not allowed to listen on port ${String((error as { port?: unknown }).port)}; choose a port above 1023 with --port.`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
