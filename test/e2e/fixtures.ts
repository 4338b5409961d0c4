import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAC_BIN, ROOT, tempDataDir } from '../support/paths';
import { serve, type Served } from '../support/serve';

export const ADMIN = { username: 'admin', displayName: '王建国', password: 'Zhengwu#2026' };

/** A data directory that already has its administrator, made with the real `dac init`. */
export function initialisedDataDir(): string {
  const dataDir = tempDataDir('dac-e2e-');
  const passwordFile = join(dataDir, '.pw');
  writeFileSync(passwordFile, ADMIN.password);
  execFileSync(process.execPath, [DAC_BIN, 'init', '--data-dir', dataDir, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName, '--admin-password-file', passwordFile]);
  return dataDir;
}

// Playwright reads fixture dependencies from the destructuring pattern; these have none.
/* eslint-disable no-empty-pattern */
export const test = base.extend<{ fresh: Served; initialised: Served }>({
  fresh: async ({}, use) => {
    const served = await serve();
    await use(served);
    await served.stop();
  },
  initialised: async ({}, use) => {
    const served = await serve({ dataDir: initialisedDataDir() });
    await use(served);
    await served.stop();
  },
});
/* eslint-enable no-empty-pattern */

export { expect };

/** Screenshots for people to look at (test-results/screens), not for pixel comparison. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  // A full page on a loaded 2-core machine (four consoles, a hub, two browsers) once took over 15 s.
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true, timeout: 60_000 });
}

export async function signIn(page: Page, served: Served, password = ADMIN.password): Promise<void> {
  await page.goto(served.url);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}
