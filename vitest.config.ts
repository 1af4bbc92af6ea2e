import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // codemods/ts.cts only makes the built CLI load ts-morph faster; Vite does not compile .cts,
    // so in-process tests take ts-morph directly (the CLI tests run the built shim).
    alias: [{ find: /^(?:\.\.?\/)+ts\.cjs$/, replacement: 'ts-morph' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CLI tests spawn child processes; two cores, so keep the pool small.
    maxWorkers: 2,
  },
});
