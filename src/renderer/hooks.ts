import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { consoleRegionText, translator, type Translate } from './locales';
import { useConsole } from './store';
import { RpcError } from './api/client';
import { hasPermission, type Permission } from '../shared/roles';

export function useT(): Translate {
  const locale = useConsole((s) => s.locale);
  return useMemo(() => translator(locale), [locale]);
}

/** The localized sentence for any failure of a call. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof RpcError) {
    if (error.transport === 'network') return t('error.NETWORK');
    const { incident, reason } = error.payload.details ?? {};
    // A change the central platform would refuse (main/core/sync/console-region.ts): where to make it instead.
    if (reason === 'outside-console-region') return consoleRegionText(t, error.payload.details!);
    return t(`error.${error.code}`, { incident: typeof incident === 'string' ? incident.slice(0, 8) : '' });
  }
  return t('error.INTERNAL', { incident: '—' });
}

/**
 * A form submission: busy while the call runs, the localized error if it fails. Forms disable
 * themselves while busy, so a double Enter cannot send twice. `onError` may put a failure on the
 * form's fields; when it returns true no banner is shown.
 */
export function useSubmit<V>(action: (values: V) => Promise<void>, onError?: (error: unknown) => boolean) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      if (!onError?.(e)) setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit, clearError: () => setError(null) };
}

/** Whether the signed-in user's roles grant a permission (for showing controls; the core decides). */
export function useCan(): (permission: Permission) => boolean {
  const roles = useConsole((s) => s.user?.roles);
  return useCallback((permission: Permission) => hasPermission(roles ?? [], permission), [roles]);
}

/** Field-level messages from an INVALID_INPUT or CONFLICT answer, keyed by field path. */
export function fieldIssues(error: unknown): Record<string, string> {
  if (!(error instanceof RpcError)) return {};
  return Object.fromEntries((error.payload.details?.issues ?? []).map((i) => [i.path, i.message]));
}

/**
 * Wraps the loads of an effect whose inputs change (a region, a filter, a page): only the answer
 * to the latest load settles; an earlier one still in flight never does. Without it a slow
 * answer for the previous choice could land after the current one, and a form would show (and
 * save) another region's values under this region's name. One per stream of loads: each call
 * makes the earlier ones stale.
 */
export function useLatest(): <T>(load: Promise<T>) => Promise<T> {
  const latest = useRef(0);
  return useCallback(<T>(load: Promise<T>) => {
    const mine = ++latest.current;
    return new Promise<T>((resolve, reject) => {
      load.then(
        (value) => mine === latest.current && resolve(value),
        (error: unknown) => mine === latest.current && reject(error),
      );
    });
  }, []);
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * Whether the user asked the system for less motion (an accessibility setting, also what a slow
 * closed-network workstation's administrator may set): the components then open and close without
 * animation. Followed live when the setting changes.
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(REDUCED_MOTION);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
}
