import type { AuditEntry, AuditFilter, AuditIntegrity, AuditOutcome, AuditPage } from '../../../shared/audit';
import { NATIONAL_REGION_CODE, regionLevelOf } from '../../../shared/regions';
import type { Db } from '../db/connection';
import { GENESIS_HASH, rowHash, type ChainedRow } from './chain';

export interface AuditRecord {
  user: { id: number | null; username: string; roles: readonly string[] } | null;
  method: string;
  target?: { type: string; id?: string | number | null; region?: string | null } | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown> | null;
}

interface Row extends ChainedRow {
  hash: string;
}

/** The inclusive code range of a region's subtree, for index range scans. */
export function regionRange(code: string): [string, string] | null {
  if (code === NATIONAL_REGION_CODE) return null;
  const level = regionLevelOf(code);
  if (level === 'provincial') return [code.slice(0, 2) + '0000', code.slice(0, 2) + '9999'];
  if (level === 'prefectural') return [code.slice(0, 4) + '00', code.slice(0, 4) + '99'];
  return [code, code];
}

/**
 * The security audit trail (MLPS: records that cannot be altered, kept at least six months).
 * Appends are chained in memory from the last row's hash, so each costs one hash and one insert.
 */
export class AuditLog {
  private lastHash: string;
  private lastSeq: number;
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const archived = db.prepare('SELECT upto_seq, last_hash FROM audit_archives ORDER BY upto_seq DESC LIMIT 1').get() as { upto_seq: number; last_hash: string } | undefined;
    this.lastSeq = last?.seq ?? archived?.upto_seq ?? 0;
    this.lastHash = last?.hash ?? archived?.last_hash ?? GENESIS_HASH;
    this.insert = db.prepare(`INSERT INTO audit_log (seq, at, user_id, username, roles, method, target_type, target_id, target_region, outcome, detail, prev_hash, hash)
      VALUES (@seq, @at, @user_id, @username, @roles, @method, @target_type, @target_id, @target_region, @outcome, @detail, @prev_hash, @hash)`);
  }

  append(record: AuditRecord): number {
    const row: ChainedRow = {
      seq: this.lastSeq + 1,
      at: this.clock().toISOString(),
      user_id: record.user?.id ?? null,
      username: record.user?.username ?? null,
      roles: record.user ? JSON.stringify(record.user.roles) : null,
      method: record.method,
      target_type: record.target?.type ?? null,
      target_id: record.target?.id == null ? null : String(record.target.id),
      target_region: record.target?.region ?? null,
      outcome: record.outcome,
      detail: record.detail ? JSON.stringify(record.detail) : null,
      prev_hash: this.lastHash,
    };
    const hash = rowHash(row);
    this.insert.run({ ...row, hash });
    this.lastSeq = row.seq;
    this.lastHash = hash;
    return row.seq;
  }

  /** Newest first, keyset-paged, limited to the caller's region subtree. */
  page(filter: AuditFilter, scope: string, before: number | null, limit: number): AuditPage {
    const { where, params } = conditions(filter, scope, before);
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT @limit`).all({ ...params, limit: limit + 1 }) as Row[];
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.seq : null };
  }

  /** Walks the whole chain from the archive boundary (or the genesis) to sqlite_sequence's high mark. */
  verify(): AuditIntegrity {
    const walk = this.chainWalk();
    let result: AuditIntegrity | null = null;
    while (!result) result = walk.next(Number.MAX_SAFE_INTEGER);
    return result;
  }

  /** The same walk in slices, yielding between them so calls keep being answered meanwhile. */
  async verifyInSlices(sliceRows = 20_000): Promise<AuditIntegrity> {
    const walk = this.chainWalk();
    for (;;) {
      const result = walk.next(sliceRows);
      if (result) return result;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private chainWalk(): { next(maxRows: number): AuditIntegrity | null } {
    const archived = this.db.prepare('SELECT upto_seq, last_hash FROM audit_archives ORDER BY upto_seq DESC LIMIT 1').get() as { upto_seq: number; last_hash: string } | undefined;
    const slice = this.db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?');
    let expectedSeq = (archived?.upto_seq ?? 0) + 1;
    let prevHash = archived?.last_hash ?? GENESIS_HASH;
    let checked = 0;
    const broken = (seq: number, reason: string): AuditIntegrity => ({ ok: false, checked, firstBroken: { seq, reason } });
    const start = expectedSeq;
    return {
      next: (maxRows) => {
        if (checked === 0) {
          const stray = this.db.prepare('SELECT max(seq) FROM audit_log WHERE seq < ?').pluck().get(start) as number | null;
          if (stray !== null) return broken(stray, `row ${stray} lies before the start of the chain (${start})`);
        }
        const rows = slice.all(expectedSeq, maxRows) as Row[];
        for (const row of rows) {
          if (row.seq !== expectedSeq) return broken(expectedSeq, `rows ${expectedSeq}-${row.seq - 1} are missing`);
          if (row.prev_hash !== prevHash) return broken(row.seq, 'its link to the previous row does not match (a row was changed, removed or moved)');
          if (rowHash(row) !== row.hash) return broken(row.seq, 'its content does not match its hash (the row was edited)');
          prevHash = row.hash;
          expectedSeq++;
          checked++;
        }
        if (rows.length === maxRows) return null;
        const highest = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined;
        if ((highest ?? 0) > expectedSeq - 1) return broken(expectedSeq, `rows ${expectedSeq}-${highest} are missing (the newest rows were removed)`);
        return { ok: true, checked, firstBroken: null };
      },
    };
  }
}

function conditions(filter: AuditFilter, scope: string, before: number | null): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (clause: string, name: string, value: unknown) => {
    clauses.push(clause);
    params[name] = value;
  };
  if (before !== null) add('seq < @before', 'before', before);
  if (filter.from) add('at >= @from', 'from', filter.from);
  if (filter.to) add('at < @to', 'to', filter.to);
  if (filter.username) add('username = @username', 'username', filter.username);
  if (filter.method) add('method = @method', 'method', filter.method);
  if (filter.outcome) add('outcome = @outcome', 'outcome', filter.outcome);
  for (const [name, code] of [['scope', scope], ['region', filter.region]] as const) {
    const range = code ? regionRange(code) : null;
    if (!range) continue;
    clauses.push(`target_region BETWEEN @${name}Low AND @${name}High`);
    params[`${name}Low`] = range[0];
    params[`${name}High`] = range[1];
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toEntry(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    roles: row.roles ? (JSON.parse(row.roles) as string[]) : [],
    method: row.method,
    targetType: row.target_type,
    targetId: row.target_id,
    targetRegion: row.target_region,
    outcome: row.outcome as AuditOutcome,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}
