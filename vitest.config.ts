import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** The package's subpaths, as its exports map names them, and the source each stands for. */
const subpaths: Record<string, string> = { node: 'adapters/node', msw: 'adapters/msw', 'in-process': 'adapters/in-process', vitest: 'adapters/vitest', lambda: 'aws-local/node', stack: 'aws-local/stack' };

export default defineConfig({
  resolve: {
    // The docs' test examples import the package by its name, as users do;
    // in the repository those names point at the sources.
    alias: [
      { find: /^bedrock-emulator$/, replacement: path.resolve(import.meta.dirname, 'src/index.ts') },
      ...Object.entries(subpaths).map(([subpath, folder]) => ({ find: new RegExp(`^bedrock-emulator/${subpath}$`), replacement: path.resolve(import.meta.dirname, 'src', folder, 'index.ts') })),
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        // Pure units beside their files: no sockets, no processes, fake time only where the schedule is the subject.
        test: { name: 'unit', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true,
        // Real servers on 127.0.0.1, real clients, real delays of tens of ms: files isolated, run in parallel.
        test: { name: 'e2e', include: ['test/**/*.test.ts', 'examples/**/*.test.ts'], exclude: ['test/package/installed-package.test.ts'], testTimeout: 20_000, hookTimeout: 20_000 },
      },
      {
        extends: true,
        // The package as a user installs it: build, pack, npm install into fresh projects. Heavy on
        // the CPU, so `npm test` runs it after the others rather than beside their timing tests.
        test: { name: 'package', include: ['test/package/installed-package.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
      },
    ],
  },
});
