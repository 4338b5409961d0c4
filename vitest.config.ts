import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/build-node.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    // Separate processes: each test file opens real SQLite files and worker threads of its own.
    pool: 'forks',
    // Vitest's default is one fewer than the cores: one worker on a 2-core machine, every file in a
    // row (9 minutes here). Most files wait on child processes (hubs, PostgreSQL, nginx, the CLI)
    // and worker threads, so at least two at once keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
