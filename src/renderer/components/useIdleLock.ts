import { useEffect, useRef } from 'react';
import { call } from '../api/client';
import { useConsole } from '../store';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const HEARTBEAT_MS = 60_000;

/**
 * Tells the core the user is active (typing into a long form makes no calls) and locks the
 * session after the policy's idle time. The core locks idle sessions on its own too; this makes
 * the lock appear on screen without waiting for the next call.
 */
export function useIdleLock(): void {
  const minutes = useConsole((s) => s.idleLockMinutes);
  const locked = useConsole((s) => s.locked);
  const setLocked = useConsole((s) => s.setLocked);
  const lastActivity = useRef(Date.now());
  const lastBeat = useRef(0);

  useEffect(() => {
    const mark = () => (lastActivity.current = Date.now());
    for (const event of ACTIVITY) window.addEventListener(event, mark, { passive: true, capture: true });
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, mark, { capture: true });
    };
  }, []);

  useEffect(() => {
    if (locked) return;
    lastActivity.current = Date.now();
    const check = () => {
      const idle = Date.now() - lastActivity.current;
      if (idle >= minutes * 60_000) {
        setLocked(true);
        void call('auth.lock', {}).catch(() => undefined);
      } else if (idle < HEARTBEAT_MS && Date.now() - lastBeat.current >= HEARTBEAT_MS) {
        lastBeat.current = Date.now();
        void call('auth.heartbeat', {}).then((r) => r.locked && setLocked(true), () => undefined);
      }
    };
    const timer = setInterval(check, Math.min(HEARTBEAT_MS, minutes * 60_000) / 4);
    return () => clearInterval(timer);
  }, [locked, minutes, setLocked]);
}
