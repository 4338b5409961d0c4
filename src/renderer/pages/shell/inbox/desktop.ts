/**
 * Desktop notifications through the web Notification API (the browser and Electron's renderer both
 * have it). Permission is asked for once, from a click, as browsers require; when it is denied or
 * the API is missing, the inbox badge alone tells the user.
 */
const ASKED_KEY = 'dac.notifications.asked';

export function askDesktopPermissionOnce(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  if (localStorage.getItem(ASKED_KEY)) return;
  localStorage.setItem(ASKED_KEY, '1');
  void Notification.requestPermission().catch(() => undefined);
}

export function showDesktop(title: string, body: string, tag: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    // The tag collapses repeats of one notification (two windows, a re-sent push) into one.
    const shown = new Notification(title, { body, tag });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
  } catch {
    // Some embedders refuse the constructor; the inbox still has the message.
  }
}
