import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh folder in the system's temporary folder, removed after the test
 * file: the suite leaves nothing behind.
 *
 * @example
 * const dir = temporaryDir(); writeFileSync(path.join(dir, 'a.json'), '{}');
 */
export function temporaryDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-emulator-test-'));
  created.push(dir);
  return dir;
}
