import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of STYLE.md, enforced: imports only point down, and the pure
 * layers never touch Node, a transport or msw.
 */
const srcDir = path.resolve(import.meta.dirname, '../src');

type Layer = { readonly folders: readonly string[]; readonly level: number; readonly pure: boolean };

const layers: readonly Layer[] = [
  { folders: ['eventstream', 'errors', 'playback'], level: 0, pure: true },
  { folders: ['fixture-format', 'planning', 'models', 'converse'], level: 1, pure: true },
  { folders: ['server'], level: 3, pure: true },
  { folders: ['node', 'msw', 'lambda', 'cli', 'in-process', 'vitest'], level: 4, pure: false },
];

/** Packages a pure layer may not use: I/O, transports, test tooling. */
const forbiddenInPure = [/^node:/, /^@hono\/node-server/, /^msw/, /^undici/, /^ws$/, /^vitest/];
/** The shipped Lambda functions are user code: the AWS SDK and Node only. */
const allowedInFunctions = [/^node:/, /^@aws-sdk\//, /^@smithy\//];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(dir, file));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => match[1] ?? '');
}

function topFolder(root: string, file: string): string {
  return path.relative(root, file).split(path.sep)[0] ?? '';
}

function layerOf(folder: string): Layer | undefined {
  return layers.find((layer) => layer.folders.includes(folder));
}

/** The package's `.` entry (src/index.ts) is the pure core's public surface. */
const entryLayer: Layer = { folders: [], level: 3, pure: true };

function violations(root: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(root)) {
    const relative = path.relative(root, file);
    const folder = topFolder(root, file);
    const isTopLevelFile = !relative.includes(path.sep);
    const own = folder === 'functions' ? undefined : isTopLevelFile ? (relative === 'index.ts' ? entryLayer : undefined) : layerOf(folder);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        const targetFolder = topFolder(root, target);
        if (folder === 'functions') {
          if (targetFolder !== 'functions') found.push(`${relative} imports ${specifier}: shipped functions must not use emulator internals`);
          continue;
        }
        const targetLayer = layerOf(targetFolder);
        if (own !== undefined && targetLayer !== undefined && targetLayer.level > own.level) {
          found.push(`${relative} (layer ${own.level}) imports ${specifier} (layer ${targetLayer.level}): imports must point down`);
        }
        continue;
      }
      if (folder === 'functions') {
        if (!allowedInFunctions.some((pattern) => pattern.test(specifier))) found.push(`${relative} imports ${specifier}: shipped functions may use only the AWS SDK and Node`);
        continue;
      }
      if ((own?.pure ?? false) && forbiddenInPure.some((pattern) => pattern.test(specifier))) {
        found.push(`${relative} (pure layer ${own?.level ?? '?'}) imports ${specifier}: I/O and transports live in node/, msw/, lambda/, cli/`);
      }
    }
    if (!isTopLevelFile && folder !== 'functions' && own === undefined) found.push(`${relative}: folder "${folder}" is not in any layer of STYLE.md`);
  }
  return found;
}

describe('architecture', () => {
  it('keeps imports pointing down and the core free of I/O', () => {
    expect(violations(srcDir)).toEqual([]);
  });

  it('reports a layer reaching up, a pure folder using node:, and a function using internals', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'architecture-'));
    try {
      for (const folder of ['eventstream', 'server', 'functions/chat']) mkdirSync(path.join(root, folder), { recursive: true });
      writeFileSync(path.join(root, 'eventstream/a.ts'), "import { b } from '../server/b.ts';\nimport fs from 'node:fs';\n");
      writeFileSync(path.join(root, 'server/b.ts'), 'export const b = 1;\n');
      writeFileSync(path.join(root, 'functions/chat/index.ts'), "import { b } from '../../server/b.ts';\nimport { Hono } from 'hono';\n");
      expect(violations(root)).toEqual([
        'eventstream/a.ts (layer 0) imports ../server/b.ts (layer 3): imports must point down',
        'eventstream/a.ts (pure layer 0) imports node:fs: I/O and transports live in node/, msw/, lambda/, cli/',
        'functions/chat/index.ts imports ../../server/b.ts: shipped functions must not use emulator internals',
        'functions/chat/index.ts imports hono: shipped functions may use only the AWS SDK and Node',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('sees the imports it checks (guards against a regex that matches nothing)', () => {
    const imports = importsOf(path.join(srcDir, 'node/listen.ts'));
    expect(imports).toContain('node:net');
    expect(imports).toContain('@hono/node-server');
  });
});
