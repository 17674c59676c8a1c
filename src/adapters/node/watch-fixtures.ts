import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
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

/** One folder watched: events about its entries, only those named in `names` when it is given. */
type FolderWatch = { readonly folder: string; readonly names?: ReadonlySet<string> };

/**
 * Watches fixture files and folders and reloads them all after each change.
 * A broken edit is reported and changes nothing; the next good one is picked
 * up. Returns a function that stops watching.
 *
 * Folders are watched, never files: a file watch follows the file's inode, so
 * it goes deaf when an editor saves by writing a new file and renaming it over
 * the old one (as `sed -i`, vim and most IDEs do), while the folder sees the
 * rename and every later write. A file given by name is watched through its
 * folder; a folder, through each folder in it and the folder above it (which
 * sees it replaced or deleted). After every change the set of folders is
 * taken again, so folders added later are watched and replaced ones re-armed.
 * One watch per folder, without the `recursive` option: on Linux Node
 * emulates that option by polling every file's status every few seconds.
 *
 * @example
 * const stop = watchFixtures(['fixtures'], { onReload: emulator.setFixtures, onProblems: report });
 */
export function watchFixtures(paths: readonly string[], events: WatchEvents): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let loading = Promise.resolve();
  let stopped = false;
  /** What the last report was about: an editor's save can raise events twice, or touch a file without changing it. */
  let lastSignature: string | undefined;
  /** The folders watched, by path and inode: a folder deleted and made again is a new watch. */
  const watchers = new Map<string, FSWatcher>();

  const reload = (): void => {
    // One load at a time, in order, so an older read never wins over a newer one.
    loading = loading.then(async () => {
      if (stopped) return;
      // Armed before reading: a change made while the files are read raises another reload.
      arm();
      const { fixtures, problems, signature } = await readFixtureFiles(paths);
      if (stopped || signature === lastSignature) return;
      lastSignature = signature;
      if (problems.length > 0) events.onProblems(problems);
      else events.onReload(fixtures);
    });
  };
  const schedule = (): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(reload, settleMs);
  };

  /** Watches the folders there are now, and stops watching those gone or replaced. */
  const arm = (): void => {
    const wanted = new Map<string, FolderWatch>();
    for (const target of foldersToWatch(paths)) {
      const key = folderKey(target.folder);
      if (key !== undefined) wanted.set(key, merged(wanted.get(key), target));
    }
    for (const [key, watcher] of watchers) {
      if (wanted.has(key)) continue;
      watcher.close();
      watchers.delete(key);
    }
    for (const [key, target] of wanted) {
      if (watchers.has(key)) continue;
      const watcher = watchFolder(target, schedule);
      if (watcher === undefined) continue;
      // A folder deleted under its watch may report an error: drop the watch, and look again.
      watcher.on('error', () => {
        watcher.close();
        if (watchers.get(key) === watcher) watchers.delete(key);
        schedule();
      });
      watchers.set(key, watcher);
    }
  };

  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

/**
 * The folders whose events can change what `paths` hold: for each path the
 * folder above it (it being created, deleted or replaced), and for a folder
 * every folder in it.
 */
function foldersToWatch(paths: readonly string[]): FolderWatch[] {
  const folders: FolderWatch[] = [];
  for (const entry of paths) {
    const resolved = path.resolve(entry);
    folders.push({ folder: path.dirname(resolved), names: new Set([path.basename(resolved)]) });
    if (!isFolder(resolved)) continue;
    folders.push({ folder: resolved });
    for (const inner of subfolders(resolved)) folders.push({ folder: inner });
  }
  return folders;
}

/** One watch for a folder wanted twice: whole if either wants it whole, else for both's names. */
function merged(known: FolderWatch | undefined, next: FolderWatch): FolderWatch {
  if (known === undefined) return next;
  if (known.names === undefined || next.names === undefined) return { folder: next.folder };
  return { folder: next.folder, names: new Set([...known.names, ...next.names]) };
}

/** Every folder below `folder`, however deep; none when it cannot be read (it is reported when the files are read). */
function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

function isFolder(entry: string): boolean {
  try {
    return statSync(entry).isDirectory();
  } catch {
    return false;
  }
}

/** The folder's path and identity, or undefined when it is not there. */
function folderKey(folder: string): string | undefined {
  try {
    const info = statSync(folder);
    return info.isDirectory() ? `${info.dev}:${info.ino}:${folder}` : undefined;
  } catch {
    return undefined;
  }
}

/** A watch on one folder's entries, or undefined when it vanished before it could be watched. */
function watchFolder(target: FolderWatch, onChange: () => void): FSWatcher | undefined {
  try {
    return watch(target.folder, { persistent: true }, (_event, name) => {
      // Without a name (some platforms, on overflow) anything may have changed.
      if (target.names === undefined || name === null || target.names.has(String(name))) onChange();
    });
  } catch {
    return undefined;
  }
}
