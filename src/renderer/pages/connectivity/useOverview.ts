import { useCallback, useEffect, useState } from 'react';
import { expandOverview, type ConnectivityOverview } from '../../../shared/connectivity';
import type { RegionLevel } from '../../../shared/regions';
import { call, subscribe } from '../../api/client';
import { errorText, useLatest, useT } from '../../hooks';

/** Even without a push (a missed event, a console that was asleep) the screen is never older than this. */
const REFRESH_MS = 30_000;

/**
 * The whole fleet in scope from one `connectivity.overview` call, reloaded when the core says states
 * changed and every 30 s. Overlapping reloads are dropped: a slow answer must not replace a newer one.
 */
export function useOverview(filter: { region?: string; level?: RegionLevel } = {}) {
  const t = useT();
  const [overview, setOverview] = useState<ConnectivityOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useLatest();
  const { region, level } = filter;

  const load = useCallback(() => {
    setLoading(true);
    latest(call('connectivity.overview', { filter: { ...(region ? { region } : {}), ...(level ? { level } : {}) } })).then(
      (o) => {
        setOverview(expandOverview(o));
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(errorText(t, e));
        setLoading(false);
      },
    );
  }, [region, level, t, latest]);

  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    const unsubscribe = subscribe((m) => m.name === 'connectivity.changed' && load());
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [load]);

  return { overview, error, loading, reload: load };
}
