/** Departments as parties: who they are, where, and whether a person may act for them. */
import type { SessionUser } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { lowestCommonAncestor } from '../../../shared/regions';
import type { Db } from '../db/connection';
import { assertSyncsRegion } from '../sync/console-region';

export interface Party {
  id: number;
  name: string;
  region: string;
  /** How the sync and other consoles know it. */
  creditCode: string;
}

export function party(db: Db, departmentId: number, path = 'departmentId'): Party {
  const row = db.prepare('SELECT id, name, region_code AS region, credit_code AS creditCode FROM departments WHERE id = ?').get(departmentId) as Party | undefined;
  if (!row) throw new DomainError('INVALID_INPUT', `no department ${departmentId}`, { issues: [{ path, message: 'unknown-department' }] });
  return row;
}

/**
 * Officials act for the departments of their own region (as they edit its directory), on a console
 * that sends that region to the hub (console-region.ts).
 */
export function assertActsFor(db: Db, user: SessionUser, p: Party, what: string): void {
  if (user.regionScope !== p.region) throw new DomainError('FORBIDDEN', `only officials of region ${p.region} act for ${p.name} (${what})`);
  assertSyncsRegion(db, p.region, what);
}

/** The authority that handles a case between two regions: their lowest common ancestor. */
export function handlingRegion(db: Db, a: string, b: string): string {
  const parent = db.prepare('SELECT parent_code FROM regions WHERE code = ?').pluck();
  return lowestCommonAncestor(a, b, (code) => (parent.get(code) as string | null | undefined) ?? null);
}
