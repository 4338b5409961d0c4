import type { Region, RegionWithPath } from '../../../shared/contract';
import type { RegionLevel } from '../../../shared/regions';
import { DomainError } from '../../../shared/errors';
import type { Db } from '../db/connection';

interface RegionRecord {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  has_children: 0 | 1;
}

const SELECT_REGION = `
  SELECT r.code, r.name, r.level, r.parent_code,
         EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code AND c.valid_to IS NULL) AS has_children
  FROM regions r`;

const toRegion = (r: RegionRecord): Region => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  hasChildren: r.has_children === 1,
});

/** Read access to the region hierarchy (only current codes are offered for picking). */
export class RegionService {
  private readonly children;
  private readonly one;
  private readonly ancestors;
  private readonly search;

  constructor(db: Db) {
    this.children = db.prepare(`${SELECT_REGION} WHERE r.parent_code = ? AND r.valid_to IS NULL ORDER BY r.code`);
    this.one = db.prepare(`${SELECT_REGION} WHERE r.code = ?`);
    this.ancestors = db.prepare(`
      WITH RECURSIVE up(code, name, parent_code, depth) AS (
        SELECT code, name, parent_code, 0 FROM regions WHERE code = ?
        UNION ALL
        SELECT r.code, r.name, r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.parent_code
      )
      SELECT code, name FROM up WHERE depth > 0 ORDER BY depth DESC`);
    // Codes match by prefix, names anywhere; exact and shallower matches first.
    this.search = db.prepare(`${SELECT_REGION}
      WHERE r.valid_to IS NULL AND (r.code LIKE @prefix ESCAPE '\\' OR r.name LIKE @infix ESCAPE '\\')
      ORDER BY (r.code = @exact OR r.name = @exact) DESC,
               CASE r.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 WHEN 'prefectural' THEN 2 ELSE 3 END,
               r.code
      LIMIT @limit`);
  }

  childrenOf(parent: string): Region[] {
    return (this.children.all(parent) as RegionRecord[]).map(toRegion);
  }

  get(code: string): RegionWithPath {
    const record = this.one.get(code) as RegionRecord | undefined;
    if (!record) throw new DomainError('NOT_FOUND', `no region with code ${code}`, { code });
    return { ...toRegion(record), path: this.pathOf(code) };
  }

  find(query: string, limit: number): RegionWithPath[] {
    const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.search.all({ prefix: `${escaped}%`, infix: `%${escaped}%`, exact: query, limit }) as RegionRecord[];
    return rows.map((r) => ({ ...toRegion(r), path: this.pathOf(r.code) }));
  }

  private pathOf(code: string): Array<{ code: string; name: string }> {
    return this.ancestors.all(code) as Array<{ code: string; name: string }>;
  }
}
