import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowsPermission, isTrustedFrame } from '../../src/main/electron/trusted-sender';
import { ROOT } from '../support/paths';

describe('Electron IPC sender check', () => {
  it('trusts only the console page in a top-level frame', () => {
    expect(isTrustedFrame({ url: 'app://console/index.html', topLevel: true })).toBe(true);
    expect(isTrustedFrame({ url: 'app://console/index.html#/admin', topLevel: true })).toBe(true);
  });

  it.each([
    ['a sub-frame of the console', 'app://console/index.html', false],
    ['another app:// host', 'app://evil/index.html', true],
    ['a web page', 'https://console/index.html', true],
    ['a file', 'file:///etc/passwd', true],
    ['a data URL', 'data:text/html,<script>', true],
    ['credentials smuggled into the URL', 'app://x@console/index.html', true],
    ['garbage', 'not a url', true],
  ])('refuses %s', (_what, url, topLevel) => {
    expect(isTrustedFrame({ url, topLevel })).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(isTrustedFrame(null)).toBe(false);
  });
});

describe('Electron permissions', () => {
  it('grants desktop notifications to the console page only, and nothing else to anyone', () => {
    expect(allowsPermission('notifications', 'app://console/index.html#/connectivity')).toBe(true);
    expect(allowsPermission('notifications', 'https://evil.example/')).toBe(false);
    expect(allowsPermission('notifications', 'app://evil/index.html')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) expect(allowsPermission(p, 'app://console/index.html')).toBe(false);
  });
});

describe('main window web preferences', () => {
  it('follow the Electron security checklist', async () => {
    const { secureWebPreferences } = await import('../../src/main/electron/window-options');
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });
});

describe('Electron packaging', () => {
  it('keeps every worker thread script the build makes outside the asar archive, where a thread can start it', () => {
    const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
    const workers = [...build.matchAll(/'([a-z-]+-worker)': 'src\//g)].map((m) => `out/main/${m[1]}.mjs`);
    expect(workers).toEqual(expect.arrayContaining(['out/main/core-worker.mjs', 'out/main/monitor-worker.mjs', 'out/main/import-worker.mjs']));
    const unpacked = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8').split('asarUnpack:')[1]!.split(/\n\S/)[0]!;
    for (const worker of workers) expect(unpacked).toContain(`- ${worker}`);
  });
});
