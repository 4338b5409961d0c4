import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium';

export default defineConfig({
  testDir: './test',
  outputDir: './test-results',
  // Multi-user flows on a 2-core machine beside another worker take a minute or more.
  timeout: 150_000,
  expect: { timeout: 10_000 },
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
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testDir: './test/electron' },
  ],
});
