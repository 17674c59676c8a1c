import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
}

/**
 * Writes a file so that readers (and a crash) see either the old content or
 * the new, never half: the text goes to a temporary file beside the target,
 * then takes its place in one step. Without `overwrite`, an existing target
 * is never replaced (the step is a hard link, which fails if it exists).
 *
 * @example
 * await writeFileAtomically('fixtures/hello.json', text, { overwrite: false });
 */
export async function writeFileAtomically(target: string, text: string, options: { readonly overwrite: boolean }): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, text, { flag: 'wx' });
  try {
    if (options.overwrite) {
      await rename(temporary, target);
      return;
    }
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(`${target} already exists; pass --force to overwrite it.`);
      throw error;
    }
  } finally {
    await rm(temporary, { force: true });
  }
}
