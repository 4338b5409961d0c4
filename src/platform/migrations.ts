/**
 * The hub's schema, as numbered migrations applied in order, each in its own transaction and
 * recorded in hub_migrations, the same on PGlite and PostgreSQL. Never edit a released migration:
 * add the next one.
 */
import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql';

const MIGRATIONS: string[][] = [
  // 1: the hub itself, the consoles it knows, and the records they share.
  [
    `CREATE TABLE hub_meta (
     id int PRIMARY KEY CHECK (id = 1),
     -- A random id made at first start: a cursor from another epoch belongs to another database.
     epoch text NOT NULL,
     name text NOT NULL DEFAULT 'hub',
     region text NOT NULL DEFAULT '000000',
     -- Cursors below this sequence may have missed purged tombstones: they must resync.
     horizon_seq bigint NOT NULL DEFAULT 0
   )`,
    `CREATE TABLE consoles (
     id serial PRIMARY KEY,
     name text NOT NULL UNIQUE,
     region text NOT NULL,
     token_sha256 text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     revoked_at timestamptz,
     last_mutation_id bigint NOT NULL DEFAULT 0
   )`,
    // The answers a console was given, one row per push (a row per mutation costs a PGlite hub
    // more than the mutations themselves): a retried push is answered from here.
    `CREATE TABLE mutation_results (
     console_id int NOT NULL REFERENCES consoles(id),
     first_mutation_id bigint NOT NULL,
     last_mutation_id bigint NOT NULL,
     count int NOT NULL,
     results json NOT NULL,
     PRIMARY KEY (console_id, last_mutation_id)
   )`,
    `CREATE SEQUENCE record_seq`,
    // Bodies are json, not jsonb: the hub merges them in JavaScript and never queries inside them
    // but for a department's name, and json is stored as sent. An entry's body is a few kilobytes:
    // kept inline and uncompressed (toast_tuple_target), a batch of entries is written in half the time.
    `CREATE TABLE records (
     kind text NOT NULL,
     key text NOT NULL,
     region text NOT NULL,
     version int NOT NULL,
     deleted boolean NOT NULL DEFAULT false,
     body json NOT NULL,
     origin text NOT NULL DEFAULT '',
     -- {field: [version, origin]}: who last changed each field, for conflicts by field.
     field_versions json NOT NULL DEFAULT '{}',
     seq bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (kind, key)
   ) WITH (toast_tuple_target = 8160)`,
    `CREATE UNIQUE INDEX records_seq ON records (seq)`,
    `CREATE INDEX records_region_seq ON records (region, seq)`,
    `CREATE INDEX records_department_name ON records ((body->>'name'), region) WHERE kind = 'department'`,
  ],
  // 2: a hub that is a console of its parent hub: the parent's version and body of each record (the
  // base of what this hub pushes up), and where its pull and push stand.
  [
    `ALTER TABLE records ADD COLUMN parent_version int, ADD COLUMN parent_body json`,
    `CREATE TABLE upstream (
     id int PRIMARY KEY CHECK (id = 1),
     cursor text,
     -- Records changed after this sequence may carry changes the parent has not seen.
     pushed_seq bigint NOT NULL DEFAULT 0,
     last_mutation_id bigint NOT NULL DEFAULT 0
   )`,
    `INSERT INTO upstream (id) VALUES (1)`,
  ],
  // 3: when each console last finished a pull (it then held everything up to that moment), for the
  // dashboards' sync freshness.
  [`ALTER TABLE consoles ADD COLUMN last_synced_at timestamptz`],
  // 4: which tokens are a child hub's (issue-token --hub): a platform is handed over only to a
  // console, and a hub may pass on the handovers made below it.
  [`ALTER TABLE consoles ADD COLUMN is_hub boolean NOT NULL DEFAULT false`],
  // 5: a sharing request belongs to two regions, the provider's (region) and the requester's: a
  // pull in either party's subtree sends it.
  // The console schema a child hub last pulled from its parent with: a higher one pulls from the beginning once.
  [
    `ALTER TABLE records ADD COLUMN other_region text`,
    `CREATE INDEX records_other_region_seq ON records (other_region, seq) WHERE other_region IS NOT NULL`,
    `ALTER TABLE upstream ADD COLUMN schema int NOT NULL DEFAULT 0`,
  ],
  // 6: cases' evidence files, by content (docs/sync-protocol.md, "Evidence files"): uploaded once by
  // the console that added them, read by the consoles that receive the case. Never changed.
  // Which case's evidence events name which file: a console reads a file only through a case in its scope.
  [
    `CREATE TABLE files (
     sha256 text PRIMARY KEY,
     size int NOT NULL,
     data bytea NOT NULL,
     added_by text NOT NULL,
     added_at timestamptz NOT NULL DEFAULT now()
   )`,
    `CREATE TABLE file_refs (
     sha256 text NOT NULL,
     case_key text NOT NULL,
     PRIMARY KEY (sha256, case_key)
   )`,
    `INSERT INTO file_refs
     SELECT DISTINCT e.value->'data'->>'sha256', r.key FROM records r, json_each(r.body) e
     WHERE r.kind = 'case' AND e.key LIKE 'event.%' AND e.value->>'kind' = 'evidence' AND e.value->'data'->>'sha256' ~ '^[0-9a-f]{64}$'`,
  ],
  // 7: the regions a demand was assigned to before (docs/sync-protocol.md, "Demands"): their
  // consoles go on receiving it, so their copy shows it moved instead of staying theirs.
  [`ALTER TABLE records ADD COLUMN former_regions text[]`],
  // 8: a hub's filings the parent refused for now ('missing': the entry a request names not
  // published up there yet), sent again once at the start of each later run, as a console does.
  [`CREATE TABLE upstream_retry (kind text NOT NULL, key text NOT NULL, PRIMARY KEY (kind, key))`],
];

export async function migrate(db: SqlClient): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS hub_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM hub_migrations')).map((r) => Number(r.version)));
  for (const [i, statements] of MIGRATIONS.entries()) {
    const version = i + 1;
    if (done.has(version)) continue;
    await db.transaction(async (tx) => {
      // Two hubs starting on one PostgreSQL database at once: one migrates, the other waits.
      await tx.query('SELECT pg_advisory_xact_lock(7342000)');
      const again = await tx.query('SELECT 1 FROM hub_migrations WHERE version = $1', [version]);
      if (again.length > 0) return;
      for (const statement of statements) await tx.query(statement);
      await tx.query('INSERT INTO hub_migrations (version) VALUES ($1)', [version]);
    });
  }
  await db.query('INSERT INTO hub_meta (id, epoch) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomUUID()]);
}
