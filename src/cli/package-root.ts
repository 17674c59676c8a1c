import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root, wherever it is installed and however this file was
 * built (src/cli, dist/cli, or a chunk of the bundled bin in dist/bin/chunks):
 * the nearest folder above it whose package.json names bedrock-emulator.
 */
export function packageRoot(from: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(from));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (nameIn(path.join(dir, 'package.json')) === 'bedrock-emulator') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no bedrock-emulator package.json above ${start}`);
  }
}

function nameIn(manifestPath: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: unknown }).name as string | undefined;
  } catch {
    return undefined;
  }
}
