import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The columns a row's hash covers, in a fixed order. */
export interface ChainedRow {
  seq: number;
  at: string;
  user_id: number | null;
  username: string | null;
  roles: string | null;
  method: string;
  target_type: string | null;
  target_id: string | null;
  target_region: string | null;
  outcome: string;
  detail: string | null;
  prev_hash: string;
}

/** sha256 over the previous hash and this row's content: editing, removing or reordering breaks it. */
export function rowHash(row: ChainedRow): string {
  const content = [row.seq, row.at, row.user_id, row.username, row.roles, row.method, row.target_type, row.target_id, row.target_region, row.outcome, row.detail];
  return createHash('sha256').update(row.prev_hash).update('\n').update(JSON.stringify(content)).digest('hex');
}

/** A digest of a write's input for the trail, with secrets removed before hashing. */
export function inputDigest(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(redact(input)) ?? 'undefined').digest('hex').slice(0, 32);
}

const SECRET = /password/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}
