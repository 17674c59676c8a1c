import { watch, type FSWatcher } from 'node:fs';
import type { FixtureProblem } from '../../core/errors/fixture-error.ts';
import type { Fixture } from '../../core/fixtures/fixture.ts';
import { readFixtureFiles } from './load-fixture-files.ts';

export type WatchEvents = {
  /** A change loaded cleanly: these are the fixtures now. */
  readonly onReload: (fixtures: readonly Fixture[]) => void;
  /** A change did not load: the last good fixtures stay in service. */
  readonly onProblems: (problems: readonly FixtureProblem[]) => void;
};

/** Changes within this window are loaded together (editors write a file in several steps). */
const settleMs = 100;

/**
 * Watches fixture files and folders and reloads them all after each change.
 * A broken edit is reported and changes nothing; the next good one is picked
 * up. Returns a function that stops watching.
 *
 * @example
 * const stop = watchFixtures(['fixtures'], { onReload: emulator.setFixtures, onProblems: report });
 */
export function watchFixtures(paths: readonly string[], events: WatchEvents): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let loading = Promise.resolve();
  /** What the last report was about: an editor's save can raise events twice, or touch a file without changing it. */
  let lastSignature: string | undefined;
  const reload = (): void => {
    // One load at a time, in order, so an older read never wins over a newer one.
    loading = loading.then(async () => {
      const { fixtures, problems, signature } = await readFixtureFiles(paths);
      if (signature === lastSignature) return;
      lastSignature = signature;
      if (problems.length > 0) events.onProblems(problems);
      else events.onReload(fixtures);
    });
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(reload, settleMs);
  };
  const watchers: FSWatcher[] = paths.map((entry) => watch(entry, { recursive: true }, schedule));
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
