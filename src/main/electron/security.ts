import { app, session, shell, type WebFrameMain } from 'electron';
import { allowsPermission, APP_ORIGIN, isTrustedFrame } from './trusted-sender';

const EXTERNAL_SCHEMES = new Set(['https:', 'mailto:']);

export function isTrustedSender(frame: WebFrameMain | null): boolean {
  return isTrustedFrame(frame && { url: frame.url, topLevel: frame.parent === null });
}

/** The Electron security checklist items that are not window options. */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(allowsPermission(permission, contents.getURL())));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowsPermission(permission, requestingOrigin));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      try {
        if (EXTERNAL_SCHEMES.has(new URL(url).protocol)) void shell.openExternal(url);
      } catch {
        // not a URL: nothing to open
      }
      return { action: 'deny' };
    });
  });
}
