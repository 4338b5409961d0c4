import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/build-node.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    // Separate processes: each test file opens real SQLite files and worker threads of its own.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
