import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureProblem } from '../../src/core/errors/fixture-error.ts';
import type { Fixture } from '../../src/core/fixtures/fixture.ts';
import { watchFixtures } from '../../src/adapters/node/watch-fixtures.ts';
import { eventually } from '../support/emulator.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/*
 * The real watcher on real folders. It reloads 100 ms after the last change; each check waits up
 * to 1.5 s, the "within a second" docs/cli.md promises plus room for a loaded machine.
 */
const within = 1500;

const fixture = (text: string): string => `match: { lastUserMessage: ping }\nresponse: { text: ${text} }\ntiming: instant\n`;

/** What the watcher reported, in order: the texts each reload serves, or the problems of a refused change. */
function watching(paths: string[]) {
  const reports: ({ kind: 'reload'; texts: string[] } | { kind: 'problems'; lines: string[] })[] = [];
  const stop = watchFixtures(paths, {
    onReload: (fixtures: readonly Fixture[]) => reports.push({ kind: 'reload', texts: fixtures.map((loaded) => (loaded.responses[0] as { text?: string } | undefined)?.text ?? '') }),
    onProblems: (problems: readonly FixtureProblem[]) => reports.push({ kind: 'problems', lines: problems.map(String) }),
  });
  stops.push(stop);
  return { reports, last: () => reports.at(-1) };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Saves as `sed -i` and atomic-saving editors do: a new file written beside, renamed over the old one. */
function replaceByRename(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.hrtime.bigint()}`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

describe('watchFixtures', () => {
  for (const given of ['folder', 'file'] as const) {
    it(`follows a ${given} replaced by rename, and every write after it`, async () => {
      const dir = temporaryDir();
      const file = path.join(dir, 'ping.yaml');
      writeFileSync(file, fixture('one'));
      const watch = watching([given === 'folder' ? dir : file]);

      replaceByRename(file, fixture('two'));
      await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['two'] }), within);
      // The file is a new inode now: a watch on the old one would never hear this.
      writeFileSync(file, fixture('three'));
      await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['three'] }), within);
      replaceByRename(file, fixture('four'));
      writeFileSync(file, fixture('five'));
      await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['five'] }), within);
    });
  }

  it('sees a file added, a folder of fixtures added, a file deleted and a folder deleted', async () => {
    const dir = temporaryDir();
    writeFileSync(path.join(dir, 'a.yaml'), fixture('a'));
    const watch = watching([dir]);

    writeFileSync(path.join(dir, 'b.yaml'), fixture('b'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['a', 'b'] }), within);
    mkdirSync(path.join(dir, 'more', 'deeper'), { recursive: true });
    writeFileSync(path.join(dir, 'more', 'deeper', 'c.yaml'), fixture('c'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['a', 'b', 'c'] }), within);
    // A folder that was not there at start is watched too: a write inside it is heard.
    writeFileSync(path.join(dir, 'more', 'deeper', 'c.yaml'), fixture('c2'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['a', 'b', 'c2'] }), within);
    rmSync(path.join(dir, 'b.yaml'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['a', 'c2'] }), within);
    rmSync(path.join(dir, 'more'), { recursive: true });
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['a'] }), within);
  });

  it('reports a bad edit by file, line and field, and picks up the fix', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'ping.yaml');
    writeFileSync(file, fixture('one'));
    const watch = watching([dir]);

    replaceByRename(file, 'match: { lastUserMessage: ping }\nresponse: { text: two, stopReason: done }\n');
    await eventually(() => expect(watch.last()).toMatchObject({ kind: 'problems' }), within);
    expect(watch.last()).toEqual({ kind: 'problems', lines: [expect.stringMatching(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:2: response\\.stopReason: expected one of "end_turn"`))] });
    writeFileSync(file, fixture('fixed'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['fixed'] }), within);
  });

  it('sees a watched file deleted (reported) and written again', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'ping.yaml');
    writeFileSync(file, fixture('one'));
    const watch = watching([file]);

    rmSync(file);
    await eventually(() => expect(watch.last()).toEqual({ kind: 'problems', lines: [expect.stringContaining(`${file}: no such file or folder`)] }), within);
    writeFileSync(file, fixture('back'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['back'] }), within);
  });

  it('sees a watched folder replaced by another one of the same name', async () => {
    const parent = temporaryDir();
    const dir = path.join(parent, 'fixtures');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'ping.yaml'), fixture('one'));
    const watch = watching([dir]);

    const next = path.join(parent, 'fixtures-next');
    mkdirSync(next);
    writeFileSync(path.join(next, 'ping.yaml'), fixture('two'));
    rmSync(dir, { recursive: true });
    renameSync(next, dir);
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['two'] }), within);
    writeFileSync(path.join(dir, 'ping.yaml'), fixture('three'));
    await eventually(() => expect(watch.last()).toEqual({ kind: 'reload', texts: ['three'] }), within);
  });

  it('stops hearing changes once stopped', async () => {
    const dir = temporaryDir();
    writeFileSync(path.join(dir, 'ping.yaml'), fixture('one'));
    const watch = watching([dir]);
    writeFileSync(path.join(dir, 'ping.yaml'), fixture('two'));
    await eventually(() => expect(watch.reports).toHaveLength(1), within);
    for (const stop of stops.splice(0)) stop();
    writeFileSync(path.join(dir, 'ping.yaml'), fixture('three'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watch.reports).toEqual([{ kind: 'reload', texts: ['two'] }]);
  });
});
