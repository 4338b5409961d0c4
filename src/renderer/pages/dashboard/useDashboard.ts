import { useCallback, useEffect, useState } from 'react';
import type { DashboardOverview, DepartmentRow } from '../../../shared/dashboard';
import type { Period } from '../../../shared/indicators';
import type { RegionLevel } from '../../../shared/regions';
import { call } from '../../api/client';
import { errorText, useLatest, useT } from '../../hooks';

/**
 * One screen's overview and department breakdown for a region and period. Answers to an older
 * query are dropped: a drill-down clicked twice quickly must show the last region, not the slower.
 */
export function useDashboard(region: string, period: Period, level: RegionLevel | null) {
  const t = useT();
  const [overview, setOverview] = useState<DashboardOverview | null>(null);
  const [departments, setDepartments] = useState<DepartmentRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useLatest();
  const periodKey = JSON.stringify(period);

  const load = useCallback(() => {
    const query = { region, period: JSON.parse(periodKey) as Period };
    setLoading(true);
    latest(Promise.all([call('dashboard.overview', { ...query, level }), call('dashboard.departments', query)])).then(
      ([o, d]) => {
        setOverview(o);
        setDepartments(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(errorText(t, e));
        setLoading(false);
      },
    );
  }, [region, periodKey, level, t, latest]);

  useEffect(load, [load]);
  return { overview, departments, error, loading, reload: load };
}
