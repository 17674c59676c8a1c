import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real sockets and real delays: keep files isolated, but let them run in parallel.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
