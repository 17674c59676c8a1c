import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FixtureError } from '../core/errors/fixture-error.ts';
import { fixtureJsonSchemaPath } from '../core/fixtures/fixture-json-schema.ts';
import { fixtureFormatOf, parseFixtureText } from '../core/fixtures/parse-fixture-text.ts';
import { FileExistsError, writeFileAtomically } from '../adapters/node/write-file-atomically.ts';
import { UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { packageRoot } from './package-root.ts';
import type { NewFlags } from './new-command.ts';

/** The `new` command's work, loaded only when the command runs. */
export async function runNew(flags: NewFlags, io: CliIo, result: CommandResult): Promise<void> {
  if (flags.text === undefined && flags.textFile === undefined) throw new UsageError('give the answer with --text or --text-file');
  const text = flags.text ?? (await readAnswer(flags.textFile ?? ''));
  const name = flags.name ?? slug(flags.prompt);
  const out = flags.out ?? path.join('fixtures', `${name}.json`);
  const format = fixtureFormatOf(out);
  if (format === undefined) throw new UsageError(`--out must end in .json, .yaml or .yml, got ${out}`);
  const schema = path.relative(path.dirname(path.resolve(out)), path.join(packageRoot(), fixtureJsonSchemaPath)).split(path.sep).join('/');
  const fixture = {
    ...(format === 'json' ? { $schema: schema } : {}),
    name,
    match: { ...(flags.model === undefined ? {} : { model: flags.model }), lastUserMessage: { contains: flags.prompt } },
    response: { text },
    timing: flags.timing,
  };
  const body = format === 'json' ? `${JSON.stringify(fixture, null, 2)}\n` : `# yaml-language-server: $schema=${schema}\n${(await import('yaml')).stringify(fixture)}`;
  // Never write a fixture the emulator would refuse.
  const { problems } = await parseFixtureText(body, out, format);
  if (problems.length > 0) throw new FixtureError(problems);
  try {
    await writeFileAtomically(out, body, { overwrite: flags.force });
  } catch (error) {
    if (error instanceof FileExistsError) throw new UsageError(error.message);
    throw new UsageError(`cannot write ${out}: ${reasonOf(error)}`);
  }
  io.out(`wrote ${out}\n`);
  result.exitCode = 0;
}

/** The answer in `--text-file`; a file that cannot be read is the user's to fix, said in one line. */
async function readAnswer(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--text-file ${file}: cannot read it: ${reasonOf(error)}`);
  }
}

/** A file system error in words: its code's meaning, without the stack. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = { ENOENT: 'no such file or folder', EISDIR: 'it is a folder', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is not a folder', EROFS: 'read-only file system', EEXIST: 'a part of the path is a file, not a folder' };
  return (typeof code === 'string' ? reasons[code] : undefined) ?? (error as Error).message;
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
