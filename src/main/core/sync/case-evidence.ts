/**
 * A case's evidence list as its timeline has it (docs/sync-protocol.md, "Evidence files"): every
 * `evidence` event is a row of case_evidence, whether the file was added here or on another
 * console (then the file arrives later, fetched from the hub). A row whose event went (a refused
 * change given way to the hub's version) goes with it.
 */
import { extname } from 'node:path';
import { EVIDENCE_TYPES } from '../../../shared/sharing';
import { cached, type Db } from '../db/connection';

export const evidenceMime = (fileName: string) => EVIDENCE_TYPES[extname(fileName).slice(1).toLowerCase()]?.mime ?? 'application/octet-stream';

export function evidenceFollowsEvents(db: Db, caseId: number): void {
  cached(
    db,
    `DELETE FROM case_evidence WHERE case_id = ? AND NOT EXISTS (
       SELECT 1 FROM sharing_events e WHERE e.subject = 'case' AND e.subject_id = case_evidence.case_id AND e.kind = 'evidence'
         AND json_extract(e.data, '$.sha256') = case_evidence.sha256 AND e.body = case_evidence.file_name)`,
  ).run(caseId);
  const unlisted = cached(
    db,
    `SELECT json_extract(e.data, '$.sha256') AS sha256, e.body AS fileName, json_extract(e.data, '$.size') AS size, coalesce(e.actor, '') AS actor, e.at
     FROM sharing_events e WHERE e.subject = 'case' AND e.subject_id = ? AND e.kind = 'evidence' AND typeof(json_extract(e.data, '$.sha256')) = 'text'
       AND length(json_extract(e.data, '$.sha256')) = 64 AND json_extract(e.data, '$.sha256') NOT GLOB '*[^0-9a-f]*'
       AND NOT EXISTS (SELECT 1 FROM case_evidence c WHERE c.case_id = e.subject_id AND c.sha256 = json_extract(e.data, '$.sha256') AND c.file_name = e.body)
     ORDER BY e.id`,
  ).all(caseId) as Array<{ sha256: string; fileName: string; size: number; actor: string; at: string }>;
  const insert = cached(db, 'INSERT INTO case_evidence (case_id, sha256, file_name, size, mime, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const e of unlisted) insert.run(caseId, e.sha256, e.fileName, Number(e.size) || 0, evidenceMime(e.fileName), e.actor, e.at);
}
