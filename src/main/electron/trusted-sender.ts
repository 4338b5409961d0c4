/** Kept free of Electron imports so the rule is unit-tested in plain Node. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * IPC is answered only for our own page in a top-level frame: never for a sub-frame, and never
 * for anything the window was navigated to.
 */
export function isTrustedFrame(frame: { url: string; topLevel: boolean } | null): boolean {
  if (!frame || !frame.topLevel) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Every permission is denied except desktop notifications for our own page: the inbox raises
 * them (incident opened, deadline due) so an official on another screen still sees them.
 */
export function allowsPermission(permission: string, requestingUrl: string): boolean {
  if (permission !== 'notifications') return false;
  try {
    const url = new URL(requestingUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
