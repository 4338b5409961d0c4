import { openConnection } from '../../src/main/core/db/connection';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { databaseFile } from '../../src/main/core/data-dir';
import { tempDataDir } from './paths';

/**
 * A data directory as the console before migration 18 left it, with `bases` sync bases (entry
 * bodies of about 3 kB; 100,000 make a 470 MB database): its upgrade (the backup, then migration 18
 * copying every base) takes seconds here, as a national console's takes minutes.
 */
export function schema17DataDir(bases: number): string {
  const dataDir = tempDataDir('dac-e2e-');
  const file = databaseFile(dataDir);
  const db = openConnection(file);
  migrate(db, file, MIGRATIONS.slice(0, 17));
  const body = JSON.stringify({ 'content.name': '常住人口基础信息', 'content.summary': '户籍人口与常住人口的基础信息。'.repeat(30), items: 'x'.repeat(1500) });
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO sync_base (kind, key, region, version, body, sent_body) SELECT 'entry', printf('101001/%06d', i), '420000', 1, ?, NULL FROM n`,
  ).run(bases, body);
  db.close();
  return dataDir;
}
