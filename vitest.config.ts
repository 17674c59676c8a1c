import path from 'node:path';
import { defineConfig } from 'vitest/config';

const source = (entry: string): string => path.resolve(import.meta.dirname, 'src', entry, 'index.ts');

export default defineConfig({
  resolve: {
    // The docs' test examples import the package by its name, as users do;
    // in the repository those names point at the sources.
    alias: [
      { find: /^bedrock-emulator$/, replacement: path.resolve(import.meta.dirname, 'src/index.ts') },
      { find: /^bedrock-emulator\/(node|msw|in-process|vitest|lambda)$/, replacement: source('$1') },
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
        test: { name: 'e2e', include: ['test/**/*.test.ts', 'examples/**/*.test.ts'], exclude: ['test/installed-package.test.ts'], testTimeout: 20_000, hookTimeout: 20_000 },
      },
      {
        extends: true,
        // The package as a user installs it: build, pack, npm install into fresh projects. Heavy on
        // the CPU, so `npm test` runs it after the others rather than beside their timing tests.
        test: { name: 'package', include: ['test/installed-package.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
      },
    ],
  },
});
