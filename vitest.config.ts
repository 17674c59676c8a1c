import path from 'node:path';
import { defineConfig } from 'vitest/config';

const source = (entry: string): string => path.resolve(import.meta.dirname, 'src', entry, 'index.ts');

export default defineConfig({
  resolve: {
    // The README's test examples import the package by its name, as users do;
    // in the repository those names point at the sources.
    alias: [
      { find: /^bedrock-emulator$/, replacement: path.resolve(import.meta.dirname, 'src/index.ts') },
      { find: /^bedrock-emulator\/(node|msw|in-process|vitest)$/, replacement: source('$1') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Real sockets and real delays: keep files isolated, but let them run in parallel.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
