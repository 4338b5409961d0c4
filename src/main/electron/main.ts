/**
 * Desktop entry: the only process that imports 'electron'. The core runs in a worker thread; this
 * file wires windows, the app:// protocol and the IPC transport to it.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage } from 'electron';
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IPC_PUSH_CHANNEL, IPC_RPC_CHANNEL, IPC_SAVE_EXPORT_CHANNEL } from '../../shared/bridge';
import { APP_VERSION } from '../app-version';
import { endStarting, LaunchingCore } from '../core/core-launch';
import { exportsDir, resolveDataDir } from '../core/data-dir';
import { sealedDataKey } from '../core/sync/token-vault';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { hardenSessions, isTrustedSender } from './security';
import { APP_ORIGIN } from './trusted-sender';
import { secureWebPreferences } from './window-options';
import { rememberBounds, restoredBounds } from './window-state';

// Files the worker and native module read must sit outside the asar archive.
const unpacked = (url: URL) => fileURLToPath(url).replace(`app.asar${'/'}`, `app.asar.unpacked/`);
const sessionKeyOf = (webContentsId: number) => `window:${webContentsId}`;

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

function createWindow(core: LaunchingCore): BrowserWindow {
  const { bounds, maximized } = restoredBounds();
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 1024,
    minHeight: 640,
    title: '政务数据管理控制台',
    show: false,
    webPreferences: secureWebPreferences(fileURLToPath(new URL('../preload/preload.cjs', import.meta.url))),
  });
  if (maximized) window.maximize();
  rememberBounds(window);
  const key = sessionKeyOf(window.webContents.id);
  window.on('closed', () => core.endSession(key));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/**
 * The hub token's data key, sealed by the OS keychain (safeStorage). Where the keychain offers no
 * protection (Linux without a secret service: the 'basic_text' backend) the core keeps its
 * owner-only key file instead.
 */
function tokenKey(dataDir: string): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  try {
    return sealedDataKey(dataDir, { seal: (text) => safeStorage.encryptString(text), open: (sealed) => safeStorage.decryptString(sealed) }).toString('base64');
  } catch (error) {
    // A keychain that cannot open what it sealed: the console starts, and asks for a new hub token.
    console.error('the hub token key could not be unsealed; sync needs a new token', error);
    return undefined;
  }
}

async function start(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(1), options: { 'data-dir': { type: 'string' } }, strict: false });
  const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined);
  await app.whenReady();
  hardenSessions();
  serveRenderer(fileURLToPath(new URL('../renderer/', import.meta.url)));

  // The window opens at once: while an upgraded console migrates its database, it shows how far
  // the upgrade is (LaunchingCore answers STARTING until the core runs).
  const core = new LaunchingCore({ workerFile: unpacked(new URL('./core-worker.mjs', import.meta.url)), dataDir, appVersion: APP_VERSION, enableBenchJobs: false, tokenKey: tokenKey(dataDir) });
  core.ready.catch((error: unknown) => {
    dialog.showErrorBox('政务数据管理控制台 — cannot open the data directory', (error as Error).message);
    app.exit(2);
  });

  ipcMain.handle(IPC_RPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'call refused: not from the console page' } };
    }
    return core.call(sessionKeyOf(event.sender.id), String(method), input);
  });
  ipcMain.handle(IPC_SAVE_EXPORT_CHANNEL, async (event, file: unknown) => {
    // Only a bare file name the core wrote into the exports folder: never a path from the page.
    if (!isTrustedSender(event.senderFrame) || typeof file !== 'string' || !/^[\w.-]+$/.test(file)) return { saved: false };
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: basename(file) };
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await copyFile(join(exportsDir(dataDir), file), choice.filePath);
    return { saved: true };
  });
  core.on('push', (sessionKey, message) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (sessionKey === null || sessionKey === sessionKeyOf(window.webContents.id)) window.webContents.send(IPC_PUSH_CHANNEL, message);
    }
  });

  mainWindow = createWindow(core);
  app.on('second-instance', () => {
    // A window closed while the app quits is destroyed: touching it would throw.
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Quitting while the core still upgrades the database: see endStarting.
  app.on('will-quit', () => (core.running ? void core.close() : endStarting()));
}

void start();
