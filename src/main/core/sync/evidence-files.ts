/**
 * Evidence files in a sync run (docs/sync-protocol.md, "Evidence files"). Before a batch goes, the
 * files its cases' new evidence events name are uploaded where the hub lacks them: the hub refuses
 * a case naming a file it does not hold. After the pull, the files of evidence listed here but not
 * held are fetched, so a reviewer can open them offline.
 */
import type { Mutation } from '../../../shared/sync';
import { evidenceRefs, FILES_ASKED_MAX } from '../../../shared/sync-files';
import { cached, type Db } from '../db/connection';
import { HubError, type HubClient } from './hub-client';

/** The console's evidence store as the sync uses it (sharing/evidence.ts). */
export interface EvidenceFiles {
  has(sha256: string): boolean;
  read(sha256: string): Buffer;
  /** Checks and keeps a fetched file; throws when it is not an acceptable file of that hash. */
  receive(fileName: string, data: Buffer, sha256: string): void;
}

/** Uploads what `batch` names and the hub lacks; the number uploaded. A file not held here is left to the hub to refuse. */
export async function sendEvidence(hub: HubClient, files: EvidenceFiles, batch: Mutation[]): Promise<number> {
  const named = [...new Set(batch.filter((m) => m.kind === 'case').flatMap((m) => evidenceRefs(m.patch).map((r) => r.sha256)))].filter((h) => h && files.has(h));
  let sent = 0;
  for (let from = 0; from < named.length; from += FILES_ASKED_MAX) {
    for (const sha256 of await hub.missingFiles(named.slice(from, from + FILES_ASKED_MAX))) {
      await hub.putFile(sha256, files.read(sha256));
      sent++;
    }
  }
  return sent;
}

/**
 * Fetches the files of listed evidence not held here. One the hub has not got (its console is
 * older, or has not synced since) or that fails the checks is counted unavailable and asked for
 * again at the next run; losing the hub stops the fetching. Never a failed run: its push and pull stand.
 */
export async function fetchEvidence(db: Db, hub: HubClient, files: EvidenceFiles, onFetched?: () => void): Promise<{ fetched: number; unavailable: number }> {
  const listed = cached(db, 'SELECT sha256, min(file_name) AS fileName FROM case_evidence GROUP BY sha256 ORDER BY min(id)').all() as Array<{ sha256: string; fileName: string }>;
  let fetched = 0;
  let unavailable = 0;
  for (const { sha256, fileName } of listed) {
    if (files.has(sha256)) continue;
    let data: Buffer | null;
    try {
      data = await hub.getFile(sha256);
    } catch (error) {
      if (error instanceof HubError && error.problem === 'offline') return { fetched, unavailable: unavailable + 1 };
      data = null;
    }
    try {
      if (!data) throw new Error('not at the hub');
      files.receive(fileName, data, sha256);
      fetched++;
      onFetched?.();
    } catch {
      unavailable++;
    }
  }
  return { fetched, unavailable };
}
