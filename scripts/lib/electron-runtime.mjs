// Finds the Electron binary without require('electron'): that call downloads the binary on first
// use, which fails on closed networks. The package records the binary in path.txt once installed;
// ELECTRON_OVERRIDE_DIST_PATH points at an Electron installed elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const PLATFORM_BINARY = { linux: 'electron', win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
export function findElectron(root = ROOT, env = process.env) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, PLATFORM_BINARY[process.platform] ?? 'electron');
    return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist` };
  }
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { found: false, reason: 'the electron package is not installed (run npm install)' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { found: false, reason: 'the Electron runtime was never downloaded (node_modules/electron/path.txt is missing)' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `node_modules/electron/path.txt names ${binary}, which is missing` };
}

export const INSTALL_HELP = `The desktop runtime (Electron 45) is not installed here, so the console starts in browser mode
instead: everything works the same in Chromium or Chrome on this computer. To get the desktop app:
  - through a mirror your network allows:
        ELECTRON_MIRROR=https://<mirror>/electron/ node node_modules/electron/install.js
  - or fully offline: copy the electron-v45.*-<platform>-<arch>.zip your IT staff provide into a folder
    and run  electron_config_cache=<folder> node node_modules/electron/install.js
  - or use an Electron 45 unpacked elsewhere:  ELECTRON_OVERRIDE_DIST_PATH=/opt/electron-v45 npm start`;
