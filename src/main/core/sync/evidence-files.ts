/**
 * Evidence files in a sync run (docs/sync-protocol.md, "Evidence files"). Before a batch goes, the
 * files its cases' new evidence events name are uploaded where the hub lacks them: the hub refuses
 * a case naming a file it does not hold ('file-missing', sent again at the next run). After the
 * pull, the files of evidence listed here but not held are fetched, so a reviewer can open them
 * offline. One file that cannot go or come never stops the run.
 */
import { createHash } from 'node:crypto';
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

/** Waits before asking the hub again for a file it did not have: from a minute, doubling, up to a day. */
const MISS_WAIT_MS = { first: 60_000, max: 86_400_000 };

/**
 * Uploads those of `hashes` the hub lacks; the number uploaded. A file not held here, or no longer
 * the file its name says (damaged on disk), is not sent: the hub then refuses the case naming it,
 * which stays here and says why in the log. Losing the hub throws (the run is offline).
 */
async function upload(hub: HubClient, files: EvidenceFiles, hashes: string[]): Promise<number> {
  const held = hashes.filter((h) => files.has(h));
  let sent = 0;
  for (let from = 0; from < held.length; from += FILES_ASKED_MAX) {
    for (const sha256 of await hub.missingFiles(held.slice(from, from + FILES_ASKED_MAX))) {
      try {
        // Read now, and checked: removed, locked or damaged since, it is not sent.
        const data = files.read(sha256);
        if (createHash('sha256').update(data).digest('hex') !== sha256) continue;
        await hub.putFile(sha256, data);
        sent++;
      } catch (error) {
        if (error instanceof HubError && error.problem === 'offline') throw error;
      }
    }
  }
  return sent;
}

/** Uploads the files `batch`'s cases' new evidence events name, before the batch. */
export function sendEvidence(hub: HubClient, files: EvidenceFiles, batch: Mutation[]): Promise<number> {
  return upload(hub, files, [...new Set(batch.filter((m) => m.kind === 'case').flatMap((m) => evidenceRefs(m.patch).map((r) => r.sha256)))].filter(Boolean));
}

/**
 * The files of evidence added here to cases the hub had before this console uploaded files
 * (schema 16, sync_files_out): offered once (one that cannot go now is not offered again: the
 * consoles wanting it count it unavailable). `writing` holds the database for the bookkeeping.
 */
export async function sendBacklog(db: Db, hub: HubClient, files: EvidenceFiles, writing: <T>(work: () => T) => Promise<T>): Promise<number> {
  let sent = 0;
  for (;;) {
    const hashes = cached(db, 'SELECT sha256 FROM sync_files_out ORDER BY sha256 LIMIT ?').pluck().all(FILES_ASKED_MAX) as string[];
    if (hashes.length === 0) return sent;
    sent += await upload(hub, files, hashes);
    await writing(() => cached(db, 'DELETE FROM sync_files_out WHERE sha256 IN (SELECT value FROM json_each(?))').run(JSON.stringify(hashes)));
  }
}

/**
 * Fetches the files of listed evidence not held here. One the hub has not got (its console is
 * older, or has not synced since) or that fails the checks is unavailable, and asked for again
 * later and later (sync_file_misses). Losing the hub stops the fetching, never the run.
 */
export async function fetchEvidence(db: Db, hub: HubClient, files: EvidenceFiles, at: Date, writing: <T>(work: () => T) => Promise<T>, onFetched?: () => void): Promise<{ fetched: number; unavailable: number }> {
  const listed = cached(
    db,
    `SELECT v.sha256, min(v.file_name) AS fileName, m.misses FROM case_evidence v LEFT JOIN sync_file_misses m ON m.sha256 = v.sha256
     WHERE m.retry_at IS NULL OR m.retry_at <= ? GROUP BY v.sha256 ORDER BY min(v.id)`,
  ).all(at.toISOString()) as Array<{ sha256: string; fileName: string; misses: number | null }>;
  let fetched = 0;
  let unavailable = 0;
  const missed = cached(db, 'INSERT OR REPLACE INTO sync_file_misses (sha256, misses, retry_at) VALUES (?, ?, ?)');
  for (const { sha256, fileName, misses } of listed) {
    if (files.has(sha256)) continue;
    let data: Buffer | null;
    try {
      data = await hub.getFile(sha256);
      if (data) files.receive(fileName, data, sha256);
    } catch (error) {
      if (error instanceof HubError && error.problem === 'offline') return { fetched, unavailable: unavailable + 1 };
      data = null;
    }
    if (data) {
      fetched++;
      onFetched?.();
      if (misses !== null) await writing(() => cached(db, 'DELETE FROM sync_file_misses WHERE sha256 = ?').run(sha256));
    } else {
      unavailable++;
      const wait = Math.min(MISS_WAIT_MS.max, MISS_WAIT_MS.first * 2 ** (misses ?? 0));
      await writing(() => missed.run(sha256, (misses ?? 0) + 1, new Date(at.getTime() + wait).toISOString()));
    }
  }
  return { fetched, unavailable };
}
