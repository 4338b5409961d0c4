import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Db } from '../db/connection';
import { GENESIS_HASH, rowHash, type ChainedRow } from './chain';
import type { AuditLog } from './log';

export const ARCHIVE_FORMAT = 'dac-audit-archive/1';

export interface ArchiveResult {
  file: string;
  fromSeq: number;
  toSeq: number;
  rows: number;
  sha256: string;
}

export interface ArchiveCheck {
  file: string;
  uptoSeq: number;
  ok: boolean;
  reason: string | null;
}

type StoredRow = ChainedRow & { hash: string };

/**
 * Moves audit rows older than `before` into a JSON-lines file (a header, then the rows with their
 * hashes) and registers it, so the chain in the database starts from the archive's last hash and
 * stays verifiable across the boundary. The rows leave the database only after the file is on disk.
 */
export function archiveAudit(db: Db, log: AuditLog, before: string, file: string, now: Date): ArchiveResult | null {
  // Never replace an earlier archive: its rows are no longer in the database.
  if (existsSync(file)) throw new Error(`${file} already exists; choose a new file for each archive`);
  const upto = db.prepare('SELECT seq FROM audit_log WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1').pluck().get(before) as number | undefined;
  if (upto === undefined) return null;
  const integrity = log.verify();
  if (!integrity.ok) throw new Error(`the audit chain is broken at record ${integrity.firstBroken!.seq}; archive nothing until it is investigated`);
  const previous = db.prepare('SELECT last_hash FROM audit_archives ORDER BY upto_seq DESC LIMIT 1').pluck().get() as string | undefined;
  const rows = db.prepare('SELECT seq, at, user_id, username, roles, method, target_type, target_id, target_region, outcome, detail, prev_hash, hash FROM audit_log WHERE seq <= ? ORDER BY seq').all(upto) as StoredRow[];
  const header = { format: ARCHIVE_FORMAT, fromSeq: rows[0]!.seq, toSeq: upto, rows: rows.length, prevHash: previous ?? GENESIS_HASH, lastHash: rows[rows.length - 1]!.hash, createdAt: now.toISOString() };

  const temporary = `${file}.partial`;
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`);
    for (let i = 0; i < rows.length; i += 5000) writeSync(fd, rows.slice(i, i + 5000).map((r) => `${JSON.stringify(r)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);

  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');

  db.transaction(() => {
    db.prepare('INSERT INTO audit_archives (upto_seq, last_hash, file, file_sha256, archived_at) VALUES (?, ?, ?, ?, ?)').run(upto, header.lastHash, file, sha256, now.toISOString());
    db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(upto);
  }).immediate();
  log.append({ user: null, method: 'audit.archive', outcome: 'ok', detail: { fromSeq: header.fromSeq, toSeq: upto, rows: rows.length, file, sha256 } });
  return { file, fromSeq: header.fromSeq, toSeq: upto, rows: rows.length, sha256 };
}

/** Checks every registered archive file: present, unchanged, chained inside and to its predecessor. */
export function checkArchives(db: Db): ArchiveCheck[] {
  const archives = db.prepare('SELECT upto_seq, last_hash, file, file_sha256 FROM audit_archives ORDER BY upto_seq').all() as Array<{ upto_seq: number; last_hash: string; file: string; file_sha256: string }>;
  let prevHash = GENESIS_HASH;
  return archives.map((a) => {
    const fail = (reason: string): ArchiveCheck => ({ file: a.file, uptoSeq: a.upto_seq, ok: false, reason });
    if (!existsSync(a.file)) return fail('the archive file is missing');
    const content = readFileSync(a.file);
    if (createHash('sha256').update(content).digest('hex') !== a.file_sha256) return fail('the archive file was changed since it was written');
    const [headerLine, ...lines] = content.toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(headerLine!) as { prevHash: string; lastHash: string };
    if (header.prevHash !== prevHash) return fail('it does not continue the previous archive');
    for (const line of lines) {
      const row = JSON.parse(line) as StoredRow;
      if (row.prev_hash !== prevHash || rowHash(row) !== row.hash) return fail(`record ${row.seq} inside it does not hold`);
      prevHash = row.hash;
    }
    if (prevHash !== a.last_hash) return fail('its last record is not the one registered');
    return { file: a.file, uptoSeq: a.upto_seq, ok: true, reason: null };
  });
}
