import { screen, type BrowserWindow, type Rectangle } from 'electron';
import Store from 'electron-store';

interface WindowState {
  bounds?: Rectangle;
  maximized?: boolean;
}

const store = new Store<{ mainWindow: WindowState }>({ name: 'window-state', defaults: { mainWindow: {} } });

/** Last bounds, if they still fit on a connected display (a projector may have been unplugged). */
export function restoredBounds(): { bounds: Partial<Rectangle>; maximized: boolean } {
  const { bounds, maximized = false } = store.get('mainWindow');
  const visible =
    bounds !== undefined &&
    screen.getAllDisplays().some(({ workArea: a }) => bounds.x >= a.x && bounds.y >= a.y && bounds.x + 100 <= a.x + a.width && bounds.y + 50 <= a.y + a.height);
  return { bounds: visible ? bounds : { width: 1366, height: 860 }, maximized };
}

export function rememberBounds(window: BrowserWindow): void {
  window.on('close', () => store.set('mainWindow', { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
}
