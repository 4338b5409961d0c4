/**
 * Steps of this console's users that the hub had taken and no longer holds (docs/sync-protocol.md,
 * "Hub to parent hub"): a hub never drops an event of its own accord, but a child hub gives way to
 * its parent's version when the parent refuses a step that lost a race up there, after it told
 * this console the step was applied. The pull shows the step gone; the sync log says why.
 */
import { EVENT_FIELD } from '../../../shared/sync-timeline';
import type { RecordBody, Rejection, SyncRecord } from '../../../shared/sync';
import { cached, type Db } from '../db/connection';

/** The refusal to log when `pulled` lacks events numbered here that `acknowledged` (the base) held; null when none is gone. */
export function stepsWithdrawnAbove(db: Db, pulled: SyncRecord, acknowledged: RecordBody): Rejection | null {
  const state = cached(db, 'SELECT console_name AS name, request_tag AS tag FROM sync_state WHERE id = 1').get() as { name: string | null; tag: string };
  if (!state.name) return null;
  const ours = `${EVENT_FIELD}${state.name}/${state.tag}.`;
  const gone = Object.keys(acknowledged).filter((f) => f.startsWith(ours) && !Object.hasOwn(pulled.body, f));
  if (gone.length === 0) return null;
  const steps = gone.map((f) => String((acknowledged[f] as { kind?: unknown } | null)?.kind));
  return {
    kind: pulled.kind,
    key: pulled.key,
    reason: 'refused-above',
    region: pulled.region,
    fate: 'restored',
    message: `the hub no longer holds the step${gone.length > 1 ? 's' : ''} ${steps.join(', ')} it had taken from this console: its parent hub did not take ${gone.length > 1 ? 'them' : 'it'}`,
    patch: Object.fromEntries(gone.map((f) => [f, acknowledged[f]!])),
  };
}
