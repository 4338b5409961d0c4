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
  scope_province: string | null;
  scope_prefecture: string | null;
}

/** The derived scope columns of a row, from its target region. */
function scopeColumns(region: string | null): { scope_province: string | null; scope_prefecture: string | null } {
  if (!region || region === NATIONAL_REGION_CODE) return { scope_province: null, scope_prefecture: null };
  const level = regionLevelOf(region);
  return { scope_province: region.slice(0, 2), scope_prefecture: level === 'provincial' ? null : region.slice(0, 4) };
}

/** A subtree as one equality on an indexed column (see scope_province / scope_prefecture). */
function subtreeCondition(code: string, name: string): { clause: string; value: string } | null {
  if (code === NATIONAL_REGION_CODE) return null;
  const level = regionLevelOf(code);
  if (level === 'provincial') return { clause: `scope_province = @${name}`, value: code.slice(0, 2) };
  if (level === 'prefectural') return { clause: `scope_prefecture = @${name}`, value: code.slice(0, 4) };
  return { clause: `target_region = @${name}`, value: code };
}

/**
 * The security audit trail (MLPS: records that cannot be altered, kept at least six months).
 * Appends are chained in memory from the last row's hash, so each costs one hash and one insert.
 */
export class AuditLog {
  private readonly insert;
  private readonly last;
  private readonly highMark;
  private readonly archived;
  private readonly appendRow;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {
    this.insert = db.prepare(`INSERT INTO audit_log (seq, at, user_id, username, roles, method, target_type, target_id, target_region, scope_province, scope_prefecture, outcome, detail, prev_hash, hash)
      VALUES (@seq, @at, @user_id, @username, @roles, @method, @target_type, @target_id, @target_region, @scope_province, @scope_prefecture, @outcome, @detail, @prev_hash, @hash)`);
    this.last = db.prepare('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.highMark = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck();
    this.archived = db.prepare('SELECT upto_seq, last_hash FROM audit_archives ORDER BY upto_seq DESC LIMIT 1');
    // IMMEDIATE: the chain's end is read and extended under the write lock, so another process on
    // the same data directory (the dac command beside the app) cannot append the same number.
    // eslint-disable-next-line no-restricted-syntax -- run with .immediate(), or inside the caller's transaction (append)
    this.appendRow = db.transaction((record: AuditRecord) => {
      const last = this.last.get() as { seq: number; hash: string; at: string } | undefined;
      // The archive register matters only when every row has been archived.
      const archived = last ? undefined : (this.archived.get() as { upto_seq: number; last_hash: string } | undefined);
      // sqlite_sequence never goes down: numbers of removed rows are not reused, so the gap stays visible.
      const high = Math.max((this.highMark.get() as number | undefined) ?? 0, last?.seq ?? 0, archived?.upto_seq ?? 0);
      const now = this.clock().toISOString();
      const lastAt = last?.at ?? '';
      const row: ChainedRow = {
        seq: high + 1,
        // Times never go backwards along the chain (a clock set back is clamped), so a time range
        // is also a sequence range; the viewer relies on it.
        at: now > lastAt ? now : lastAt,
        user_id: record.user?.id ?? null,
        username: record.user?.username ?? null,
        roles: record.user ? JSON.stringify(record.user.roles) : null,
        method: record.method,
        target_type: record.target?.type ?? null,
        target_id: record.target?.id == null ? null : String(record.target.id),
        target_region: record.target?.region ?? null,
        outcome: record.outcome,
        detail: record.detail ? JSON.stringify(record.detail) : null,
        prev_hash: last?.hash ?? archived?.last_hash ?? GENESIS_HASH,
      };
      const hash = rowHash(row);
      this.insert.run({ ...row, ...scopeColumns(row.target_region), hash });
      return row.seq;
    });
  }

  append(record: AuditRecord): number {
    return this.db.inTransaction ? this.appendRow(record) : this.appendRow.immediate(record);
  }

  /**
   * Newest first, keyset-paged, limited to the caller's region subtree. The log is read in windows
   * of sequence numbers, so filters that rarely (or never) meet cost a bounded amount of work per
   * request: after the time budget a page may come back short, with `nextBefore` to search on.
   */
  page(filter: AuditFilter, scope: string, before: number | null, limit: number, budgetMs = 30): AuditPage {
    const bounds = this.seqBounds(filter);
    const newest = ((this.last.get() as { seq: number } | undefined)?.seq ?? 0) + 1;
    const top = Math.min(before ?? newest, bounds.high === null ? Number.MAX_SAFE_INTEGER : bounds.high + 1);
    const bottom = Math.max(bounds.low ?? 1, 1);
    const { where, params } = conditions(filter, scope);
    const query = this.db.prepare(`SELECT * FROM audit_log WHERE seq >= @windowLow AND seq < @windowHigh ${where ? `AND ${where}` : ''} ORDER BY seq DESC LIMIT @limit`);
    const started = performance.now();
    const rows: Row[] = [];
    let high = top;
    while (high > bottom && rows.length <= limit) {
      const low = Math.max(bottom, high - WINDOW);
      rows.push(...(query.all({ ...params, windowLow: low, windowHigh: high, limit: limit + 1 - rows.length }) as Row[]));
      high = low;
      if (performance.now() - started > budgetMs && rows.length <= limit) break;
    }
    const entries = rows.slice(0, limit).map(toEntry);
    if (rows.length > limit) return { entries, nextBefore: entries[entries.length - 1]!.seq };
    return { entries, nextBefore: high > bottom ? high : null };
  }

  /** A time range as sequence bounds, found at the two ends of the time index. */
  private seqBounds(filter: AuditFilter): { low: number | null; high: number | null } {
    const low = filter.from ? (this.db.prepare('SELECT seq FROM audit_log WHERE at >= ? ORDER BY at, seq LIMIT 1').pluck().get(filter.from) as number | undefined) : null;
    const high = filter.to ? (this.db.prepare('SELECT seq FROM audit_log WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1').pluck().get(filter.to) as number | undefined) : null;
    // An empty range: no row at or after `from`, or none before `to`.
    return { low: low === undefined ? Number.MAX_SAFE_INTEGER : low, high: high === undefined ? 0 : high };
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
          const derived = scopeColumns(row.target_region);
          if (derived.scope_province !== row.scope_province || derived.scope_prefecture !== row.scope_prefecture) {
            return broken(row.seq, 'its region index columns were altered');
          }
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

/** Sequence numbers read per query: small enough that a filter that never matches stays cheap. */
const WINDOW = 20_000;

function conditions(filter: AuditFilter, scope: string): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (clause: string, name: string, value: unknown) => {
    clauses.push(clause);
    params[name] = value;
  };
  if (filter.username) add('username = @username', 'username', filter.username);
  if (filter.method) add('method = @method', 'method', filter.method);
  if (filter.outcome) add('outcome = @outcome', 'outcome', filter.outcome);
  for (const [name, code] of [['scope', scope], ['region', filter.region]] as const) {
    const subtree = code ? subtreeCondition(code, name) : null;
    if (subtree) add(subtree.clause, name, subtree.value);
  }
  return { where: clauses.join(' AND '), params };
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
