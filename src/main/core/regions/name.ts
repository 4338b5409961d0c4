import { cached, type Db } from '../db/connection';

/** A region's current name, or its code when the code is unknown here. */
export function regionName(db: Db, code: string): string {
  return (cached(db, 'SELECT name FROM regions WHERE code = ?').pluck().get(code) as string | undefined) ?? code;
}
