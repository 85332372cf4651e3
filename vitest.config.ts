import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // each file starts its own servers on free ports; two cores are the CI machine's size
    maxWorkers: 2,
    globalSetup: ['test/global/docker-engine.ts'],
    setupFiles: ['test/global/remove-temp-dirs.ts'],
  },
});
