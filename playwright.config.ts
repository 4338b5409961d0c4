import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium';

export default defineConfig({
  testDir: './test',
  outputDir: './test-results',
  // Multi-user flows on a 2-core machine beside another worker take a minute or more.
  timeout: 150_000,
  // A password change there (the deliberately slow key derivation) took 5.8 s and the shell's chunk
  // 5 s more to start once: 10 s was not enough for what a user sees after a few seconds' wait.
  expect: { timeout: 20_000 },
  workers: 2,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  projects: [
    {
      name: 'browser',
      testDir: './test/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
        viewport: { width: 1366, height: 768 },
        locale: 'zh-CN',
        // Officials who ask the system for less motion get none (App.tsx); the suite runs as they
        // do: a click on a dialog still zooming in was lost once on a loaded machine, and every
        // opening drawer or modal was a wait. sign-in.spec.ts checks the animated default too.
        reducedMotion: 'reduce',
        screenshot: 'only-on-failure',
        // A failed test keeps its trace: actions, DOM snapshots, network, console. Not its screencast:
        // recording frames of every page of every test (traces are recorded, then dropped on success)
        // kept Chromium's GPU process the busiest process of the suite (about 1,100 CPU-seconds of a
        // 24-minute run on 2 cores); identity.spec.ts alone: 98 CPU-seconds with frames, 61 without.
        trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
      },
    },
    { name: 'electron', testDir: './test/electron' },
  ],
});
