import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs helper shared with `npm start`, which has no type declarations.
import { findElectron } from '../../scripts/lib/electron-runtime.mjs';
import { OUT, tempDataDir } from '../support/paths';

const runtime = findElectron() as { found: true; path: string } | { found: false; reason: string };

/**
 * The desktop shell, in the real Electron runtime. Where the runtime is not installed (closed
 * networks, ELECTRON_SKIP_BINARY_DOWNLOAD=1) these are skipped with the reason; nothing here is
 * ever faked.
 */
test.describe('desktop shell (Electron)', () => {
  test.skip(!runtime.found, `Electron runtime not installed: ${runtime.found ? '' : runtime.reason}. Install it (README, "Desktop runtime") or set ELECTRON_OVERRIDE_DIST_PATH to run these.`);

  let app: ElectronApplication;
  let dataDir: string;
  test.beforeEach(async () => {
    dataDir = tempDataDir('dac-electron-');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== 'ELECTRON_RUN_AS_NODE')) as Record<string, string>;
    app = await electron.launch({
      executablePath: runtime.found ? runtime.path : undefined,
      args: [join(OUT, 'main', 'electron.mjs'), '--data-dir', dataDir, '--no-sandbox'],
      env,
    });
  });
  test.afterEach(async () => app?.close());

  test('opens one window on app:// that shows the first-run screen in Chinese', async () => {
    const page = await app.firstWindow();
    await expect(page.getByText('首次使用：创建系统管理员')).toBeVisible();
    expect(page.url()).toBe('app://console/index.html');
    expect(await page.title()).toBe('政务数据管理控制台');
  });

  test('gives the page the typed client and nothing of Node or raw IPC', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const surface = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      dacKeys: Object.keys((window as unknown as { dac: object }).dac).sort(),
    }));
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', dacKeys: ['methods', 'onPush', 'saveExport'] });
  });

  test('answers IPC from the console page, and the core (better-sqlite3) works inside Electron', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    // The window opens while the core is still opening the data directory: it answers STARTING until then.
    const status = () => page.evaluate(() => (window as unknown as { dac: { methods: Record<string, (i: unknown) => Promise<unknown>> } }).dac.methods['auth.status']!({}));
    await expect.poll(async () => ((await status()) as { error?: { code?: string } }).error?.code, { timeout: 30_000 }).not.toBe('STARTING');
    expect(await status()).toMatchObject({ ok: true, value: { setupRequired: true } });
  });

  test('seals the hub token key with the OS keychain where it protects anything', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const keychain = await app.evaluate(({ safeStorage }) => ({
      available: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
    }));
    const sealed = existsSync(join(dataDir, 'sync', 'token.key.sealed'));
    expect(sealed, JSON.stringify(keychain)).toBe(keychain.available && keychain.backend !== 'basic_text');
    expect(existsSync(join(dataDir, 'sync', 'token.key'))).toBe(false);
  });

  test('blocks navigation away from the console and new windows', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await page.evaluate(() => {
      window.open('https://example.invalid/');
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://console/index.html');
  });
});
