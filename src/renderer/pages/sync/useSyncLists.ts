import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SyncConflict, SyncLogEntry } from '../../../shared/sync';
import { call } from '../../api/client';
import { errorText, useLatest, useT } from '../../hooks';
import { useSync } from '../../store/sync';

const LOG_LIMIT = 50;

/** The sync log and the open conflicts, read again whenever a run ends or a conflict is settled. */
export function useSyncLists() {
  const t = useT();
  const revision = useSync((s) => s.revision);
  const [log, setLog] = useState<SyncLogEntry[] | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Read at a run's start and at its end: the answer to the start must not land last.
  const latest = useLatest();
  const reload = useCallback(() => {
    latest(Promise.all([call('sync.log', { limit: LOG_LIMIT }), call('sync.conflicts', {})])).then(
      ([l, c]) => {
        setLog(l);
        setConflicts(c);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [t, latest]);

  useEffect(reload, [reload, revision]);
  return { log, conflicts, error, reload };
}

/** The run an inbox notice of its refusals leads to (`#/sync?run=N`), however many runs came since. */
export function useLinkedRun(): { linked: SyncLogEntry[] | null; linkedRun: number | undefined; linkedError: string | null } {
  const t = useT();
  const [params] = useSearchParams();
  const run = Number(params.get('run'));
  const linkedRun = Number.isInteger(run) && run > 0 ? run : undefined;
  const [linked, setLinked] = useState<SyncLogEntry[] | null>(null);
  const [linkedError, setLinkedError] = useState<string | null>(null);
  const latest = useLatest();
  useEffect(() => {
    setLinked(null);
    setLinkedError(null);
    if (linkedRun !== undefined) latest(call('sync.log', { limit: 1, run: linkedRun })).then(setLinked, (e: unknown) => setLinkedError(errorText(t, e)));
  }, [linkedRun, latest, t]);
  return { linked: linkedRun === undefined ? null : linked, linkedRun, linkedError };
}
