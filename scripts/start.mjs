#!/usr/bin/env node
// `npm start`: the desktop app where the Electron runtime is installed, browser mode otherwise.
// `npm run serve` (--browser): browser mode on purpose. Other arguments pass through
// (--data-dir D, --port N).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findElectron, INSTALL_HELP } from './lib/electron-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

if (!existsSync(`${root}/out/renderer/index.html`) || !existsSync(`${root}/out/main/web.mjs`)) {
  process.stderr.write('The console is not built yet; building it now (npm run build)…\n');
  const build = spawn(process.execPath, [`${root}/scripts/build.mjs`], { stdio: 'inherit' });
  const code = await new Promise((resolve) => build.on('exit', resolve));
  if (code !== 0) process.exit(code ?? 1);
}

const electron = browserOnly ? null : findElectron();
let child;
if (electron?.found) {
  // ELECTRON_RUN_AS_NODE would turn the app into plain Node: never inherit it.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
  child = spawn(electron.path, [`${root}/out/main/electron.mjs`, ...passThrough], { stdio: 'inherit', env });
} else {
  if (electron) process.stdout.write(`${INSTALL_HELP}\nWhy: ${electron.reason}.\n\n`);
  child = spawn(process.execPath, [`${root}/out/main/web.mjs`, ...passThrough], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
