import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// In its own process, so that the heap measured is the emulator's alone.
it('keeps its heap bounded through large legal calls: 15 prompts of 23.5 MB leave well under 150 MB', async () => {
  const probe = path.join(import.meta.dirname, '../support/journal-memory-probe.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', probe, '15'], { maxBuffer: 1024 * 1024 });
  const { heapMb, journalChars } = JSON.parse(stdout) as { heapMb: number; journalChars: number };
  // Before the journal kept summaries (and copies, not slices, of the texts it cuts), each call kept its 23.5 MB prompt.
  expect(heapMb).toBeLessThan(150);
  expect(journalChars).toBeLessThan(500_000);
}, 60_000);
