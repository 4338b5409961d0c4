import { extname } from 'node:path';
import { EVIDENCE_TYPES } from '../../../../shared/sharing';
import type { Migration } from './index';

/**
 * Evidence files travel (docs/sync-protocol.md, "Evidence files"): this console uploads the files
 * of its cases' evidence before the cases, and fetches those of cases pulled from other consoles.
 * Cases pulled before have their evidence events but no evidence rows: they get them now (their
 * files are fetched at the next run). Evidence added here to cases already at the hub is uploaded
 * at the next run. Schema 16: a hub must accept the upload first.
 */
export const m016EvidenceSync: Migration = {
  version: 16,
  name: 'evidence files sync with the hub',
  up(db) {
    const unlisted = db
      .prepare(
        `SELECT e.subject_id AS caseId, json_extract(e.data, '$.sha256') AS sha256, e.body AS fileName, json_extract(e.data, '$.size') AS size, coalesce(e.actor, '') AS actor, e.at
         FROM sharing_events e WHERE e.subject = 'case' AND e.kind = 'evidence' AND typeof(json_extract(e.data, '$.sha256')) = 'text'
           AND length(json_extract(e.data, '$.sha256')) = 64 AND json_extract(e.data, '$.sha256') NOT GLOB '*[^0-9a-f]*'
           AND NOT EXISTS (SELECT 1 FROM case_evidence c WHERE c.case_id = e.subject_id AND c.sha256 = json_extract(e.data, '$.sha256') AND c.file_name = e.body)
         ORDER BY e.id`,
      )
      .all() as Array<{ caseId: number; sha256: string; fileName: string; size: number; actor: string; at: string }>;
    db.exec(`
      -- Files of evidence added here to cases the hub already had: uploaded once, at the next run
      -- (evidence added from now on goes with its case's push).
      CREATE TABLE sync_files_out (sha256 TEXT PRIMARY KEY) STRICT;
      INSERT OR IGNORE INTO sync_files_out SELECT DISTINCT v.sha256 FROM case_evidence v JOIN cases c ON c.id = v.case_id WHERE c.sync_key IS NOT NULL;
      -- Files the hub did not have when asked: asked again later and later, not at every run.
      CREATE TABLE sync_file_misses (sha256 TEXT PRIMARY KEY, misses INTEGER NOT NULL, retry_at TEXT NOT NULL) STRICT;
    `);
    const insert = db.prepare('INSERT INTO case_evidence (case_id, sha256, file_name, size, mime, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const e of unlisted) insert.run(e.caseId, e.sha256, e.fileName, Number(e.size) || 0, EVIDENCE_TYPES[extname(e.fileName).slice(1).toLowerCase()]?.mime ?? 'application/octet-stream', e.actor, e.at);
  },
};
