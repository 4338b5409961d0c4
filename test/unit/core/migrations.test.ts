import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/core/db/connection';
import { DatabaseTooNewError, migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { MIGRATIONS, type Migration } from '../../../src/main/core/db/migrations';
import { tempDataDir } from '../../support/paths';

const freshFile = () => join(tempDataDir(), 'console.db');
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter((n) => !n.startsWith('sqlite_'));

describe('migration runner', () => {
  it('opens connections in WAL mode with foreign keys on', () => {
    const db = openConnection(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('brings a new database to the latest version, numbered 1..n', () => {
    const file = freshFile();
    const db = openConnection(file);
    const report = migrate(db, file);
    expect(report).toEqual({ from: 0, to: MIGRATIONS.length, backupFile: null });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(migrate(db, file)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length, backupFile: null });
  });

  it('copies an existing database aside before migrating it', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO settings VALUES ('marker', 'before', 'now')").run();
    const report = migrate(db, file, MIGRATIONS, new Date('2026-11-23T10:00:00Z'));
    expect(report.from).toBe(1);
    expect(report.backupFile).toBe(`${file}.v1-2026-11-23T10-00-00-000Z.bak`);
    expect(existsSync(report.backupFile!)).toBe(true);
    const backup = new Database(report.backupFile!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('before');
    expect(tables(backup)).not.toContain('users');
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('leaves no partial backup: one from a start that ended during the copy is removed, one another process is writing is kept', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    const ended = spawnSync('true').pid!;
    const stale = `${file}.v1-2026-11-22T10-00-00-000Z.bak.${ended}.partial`;
    writeFileSync(stale, 'half a copy');
    writeFileSync(`${stale}-journal`, 'its journal');
    const writing = `${file}.v1-2026-11-22T10-00-00-000Z.bak.${process.ppid}.partial`;
    writeFileSync(writing, 'a copy under way');
    const report = migrate(db, file, MIGRATIONS.slice(0, 2), new Date('2026-11-23T10:00:00Z'));
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.bak')).sort()).toEqual([basename(report.backupFile!), basename(writing)].sort());
  });

  it('tells each step of an upgrade as it starts it: the backup, then each migration of the database at its version', () => {
    const file = freshFile();
    const db = openConnection(file);
    const steps: unknown[] = [];
    migrate(db, file, MIGRATIONS.slice(0, 2), new Date(), (step) => steps.push(step));
    // A new database: its schema is created, nothing backed up.
    expect(steps).toEqual([
      { stage: 'migrate', from: 0, version: 1, step: 1, steps: 2 },
      { stage: 'migrate', from: 0, version: 2, step: 2, steps: 2 },
    ]);
    steps.length = 0;
    migrate(db, file, MIGRATIONS.slice(0, 4), new Date(), (step) => {
      // Each step is told before it runs: the backup before the copy exists, a migration before its version is reached.
      steps.push({ ...step, schemaThen: schemaVersion(db) });
    });
    expect(steps).toEqual([
      { stage: 'backup', bytes: expect.any(Number), copy: expect.stringMatching(/\.bak\.\d+\.partial$/), schemaThen: 2 },
      { stage: 'migrate', from: 2, version: 3, step: 1, steps: 2, schemaThen: 2 },
      { stage: 'migrate', from: 2, version: 4, step: 2, steps: 2, schemaThen: 3 },
    ]);
    expect((steps[0] as { bytes: number }).bytes).toBeGreaterThan(4096);
  });

  it('refuses a database from a newer version and changes nothing', () => {
    const file = freshFile();
    const db = openConnection(file);
    db.pragma('user_version = 99');
    expect(() => migrate(db, file)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db, file)).toThrow(/newer version of the console.*Nothing was changed/s);
    expect(schemaVersion(db)).toBe(99);
    expect(tables(db)).toEqual([]);
  });

  it('rolls a failing migration back whole, keeping the previous version', () => {
    const file = freshFile();
    const db = openConnection(file);
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('disk full');
      },
    };
    expect(() => migrate(db, file, [...MIGRATIONS, broken])).toThrow('disk full');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).not.toContain('half_done');
  });

  it('refuses migrations that are out of order', () => {
    const file = freshFile();
    const db = openConnection(file);
    expect(() => migrate(db, file, [MIGRATIONS[1]!])).toThrow(/expected 1/);
  });
});

describe('migration 1: settings and regions', () => {
  it('creates the region table with its hierarchy constraint', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    expect(tables(db)).toEqual(['regions', 'settings']);
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't')").run();
    expect(() => db.prepare("INSERT INTO regions VALUES ('420000', '湖北省', 'provincial', '999999', NULL, NULL, 't')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO regions VALUES ('4200', '湖北省', 'provincial', '000000', NULL, NULL, 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO regions VALUES ('420000', '湖北省', 'city', '000000', NULL, NULL, 't')").run()).toThrow(/CHECK/);
  });
});

describe('migration 2: users', () => {
  it('adds users whose region scope must exist and whose names are unique regardless of case', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't')").run();
    const insert = db.prepare("INSERT INTO users (username, display_name, password_hash, roles, region_scope, created_at, updated_at) VALUES (?, '张三', 'h', '[]', ?, 'now', 'now')");
    insert.run('zhangsan', '000000');
    expect(() => insert.run('ZhangSan', '000000')).toThrow(/UNIQUE/);
    expect(() => insert.run('lisi', '420000')).toThrow(/FOREIGN KEY/);
  });
});

describe('migration 4: directory', () => {
  it('upgrades a database with regions: ancestors and tallies exist, triggers count entries up the tree', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 3));
    const region = db.prepare("INSERT INTO regions VALUES (?, ?, ?, ?, NULL, NULL, 't')");
    region.run('000000', '全国', 'national', null);
    region.run('420000', '湖北省', 'provincial', '000000');
    region.run('429004', '仙桃市', 'county', '420000');
    migrate(db, file, MIGRATIONS.slice(0, 4));
    expect(db.prepare("SELECT ancestor_code FROM region_ancestors WHERE region_code = '429004' ORDER BY ancestor_code").pluck().all()).toEqual(['000000', '420000', '429004']);
    db.prepare("INSERT INTO departments (region_code, name, credit_code, created_at) VALUES ('429004', '仙桃市公安局', 'x', 'now')").run();
    const entry = db.prepare(
      `INSERT INTO directory_entries (resource_code, classification, resource_class, region_code, level, department_id, name, summary, sharing, open, update_cycle, status, published, version, created_at, updated_at)
       VALUES (?, '101001', 'base', '429004', 'county', 1, '人口', '', 'unconditional', 'open', 'daily', ?, ?, 1, 'now', 'now')`,
    );
    entry.run('101001/000001', 'published', 1);
    entry.run('101001/000002', 'submitted', 0);
    const tally = () => db.prepare("SELECT published, in_review AS inReview, drafts FROM directory_tallies WHERE region_code = '000000'").get();
    expect(tally()).toEqual({ published: 1, inReview: 1, drafts: 0 });
    db.prepare("UPDATE directory_entries SET status = 'returned' WHERE resource_code = '101001/000002'").run();
    expect(tally()).toEqual({ published: 1, inReview: 0, drafts: 1 });
    expect(db.prepare('SELECT published, in_review, drafts FROM departments').get()).toEqual({ published: 1, in_review: 0, drafts: 1 });
    expect(() => entry.run('101001/000001', 'draft', 0)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE directory_entries SET status = 'lost'").run()).toThrow(/CHECK/);
  });
});

describe('migration 6: working-day calendar', () => {
  it('adds one loaded schedule per year, its days JSON arrays, its source loaded or sync', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 5));
    migrate(db, file, MIGRATIONS.slice(0, 6));
    expect(tables(db)).toContain('calendar_schedules');
    const insert = db.prepare("INSERT INTO calendar_schedules (year, holidays, workdays, source, loaded_at, loaded_by) VALUES (?, ?, ?, ?, 'now', '王建国')");
    insert.run(2027, '["2027-01-01"]', '[]', 'loaded');
    expect(db.prepare('SELECT notice FROM calendar_schedules WHERE year = 2027').pluck().get()).toBe('');
    expect(() => insert.run(2027, '["2027-01-01"]', '[]', 'sync')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run(2028, '["2028-01-01"]', '[]', 'package')).toThrow(/CHECK/);
    expect(() => insert.run(2028, '{"2028-01-01": 1}', '[]', 'sync')).toThrow(/CHECK/);
    expect(() => insert.run(2028, '["2028-01-01"', '[]', 'sync')).toThrow(/CHECK|JSON/);
    expect(() => insert.run(1999, '[]', '[]', 'sync')).toThrow(/CHECK/);
  });
});

describe('migration 8: dashboard summaries', () => {
  it('summarises what a version-7 database already holds, then keeps the summaries as entries change', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 3));
    const region = db.prepare("INSERT INTO regions VALUES (?, ?, ?, ?, NULL, NULL, 't')");
    region.run('000000', '全国', 'national', null);
    region.run('420000', '湖北省', 'provincial', '000000');
    region.run('420100', '武汉市', 'prefectural', '420000');
    migrate(db, file, MIGRATIONS.slice(0, 7));
    db.prepare("INSERT INTO departments (region_code, name, credit_code, created_at) VALUES ('420100', '武汉市公安局', 'a', 'now'), ('420100', '武汉市民政局', 'b', 'now')").run();
    const entry = db.prepare(
      `INSERT INTO directory_entries (resource_code, classification, resource_class, region_code, level, department_id, name, summary, sharing, open, update_cycle, status, published, published_version, version, created_at, updated_at)
       VALUES (?, '101001', 'base', '420100', 'prefectural', 1, '人口', '', 'unconditional', 'open', 'daily', 'published', 1, 1, 1, 'now', 'now')`,
    );
    const version = db.prepare("INSERT INTO entry_versions (entry_id, version, content, created_at, published_at) VALUES (?, 1, ?, 'now', 'now')");
    const complete = { summary: '户籍人口', internalUnit: '人口处', items: [{ name: '姓名', type: 'string' }], sharing: 'unconditional', updateCycle: 'daily', mounts: [{ lastUpdated: '2026-11-01' }] };
    version.run(Number(entry.run('101001/000001').lastInsertRowid), JSON.stringify(complete));
    version.run(Number(entry.run('101001/000002').lastInsertRowid), JSON.stringify({ ...complete, summary: '', mounts: [] }));
    migrate(db, file, MIGRATIONS.slice(0, 8));
    const directory = () => db.prepare("SELECT sum(published) AS published, sum(complete) AS complete, sum(mounted) AS mounted FROM dash_directory WHERE region_code = ?");
    expect(directory().get('000000')).toEqual({ published: 2, complete: 1, mounted: 1 });
    expect(directory().get('420100')).toEqual({ published: 2, complete: 1, mounted: 1 });
    expect(db.prepare("SELECT departments, covered FROM dash_departments WHERE region_code = '420000'").get()).toEqual({ departments: 2, covered: 1 });
    // Withdrawing the complete one takes it out of every ancestor's figures.
    db.prepare("UPDATE directory_entries SET published = 0, status = 'withdrawn' WHERE resource_code = '101001/000001'").run();
    expect(directory().get('420000')).toEqual({ published: 1, complete: 0, mounted: 0 });
  });
});

describe('migration 9: workbench tallies', () => {
  it('counts the open work items already there per scope, kind and due day, nationally too', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 8));
    db.prepare(`INSERT INTO work_items (kind, ref_id, open, stage, title, region, other_region, third_region, department_a, department_b, due, due_sort) VALUES ('request', ?, ?, 'filed', 't', '420100', '420100', '420100', 1, 1, '2026-12-01', '2026-12-01')`).run(1, 1);
    db.prepare(`INSERT INTO work_items (kind, ref_id, open, stage, title, region, other_region, third_region, department_a, department_b, due, due_sort) VALUES ('request', ?, ?, 'filed', 't', '420100', '420100', '420100', 1, 1, '2026-12-01', '2026-12-01')`).run(2, 0);
    db.prepare("INSERT INTO work_scopes (scope, open, due_sort, kind, ref_id) VALUES ('420100', 1, '2026-12-01', 'request', 1), ('420100', 0, '2026-12-01', 'request', 2)").run();
    migrate(db, file, MIGRATIONS.slice(0, 9));
    expect(db.prepare('SELECT scope, kind, due_sort, n FROM work_tallies ORDER BY scope').all()).toEqual([
      { scope: '000000', kind: 'request', due_sort: '2026-12-01', n: 1 },
      { scope: '420100', kind: 'request', due_sort: '2026-12-01', n: 1 },
    ]);
    db.prepare("UPDATE work_items SET open = 0 WHERE ref_id = 1").run();
    expect(db.prepare("SELECT n FROM work_tallies WHERE scope = '000000'").pluck().get()).toBe(0);
  });
});

describe('migration 12: platforms and their days travel with sync', () => {
  it('marks what a version-11 console monitors for its first push, clears the cursor, and lets the monitor write its buckets again', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't'), ('420100', '武汉市', 'prefectural', '000000', NULL, NULL, 't')").run();
    migrate(db, file, MIGRATIONS.slice(0, 11));
    db.prepare(`INSERT INTO platforms (key, name, region_code, level, endpoints, probe, created_at, updated_at) VALUES ('whsj.gov', '武汉平台', '420100', 'prefectural', '{}', '{}', 'now', 'now')`).run();
    const bucket = db.prepare(
      `INSERT INTO platform_buckets (platform_id, span, start, up_s, down_s, unknown_s, maint_s) VALUES (1, ?, ?, ?, 0, 0, 0)
       ON CONFLICT (platform_id, span, start) DO UPDATE SET up_s = excluded.up_s`,
    );
    // 2026-11-29 00:00 in China is 2026-11-28 16:00 UTC.
    const day = Date.parse('2026-11-28T16:00:00Z') / 1000;
    bucket.run('d', day, 600);
    bucket.run('h', day, 600);
    db.prepare("UPDATE sync_state SET cursor = 'abc'").run();
    db.prepare('DELETE FROM sync_dirty').run();
    migrate(db, file);
    const dirty = () => db.prepare('SELECT kind, key FROM sync_dirty ORDER BY kind, key').all();
    expect(dirty()).toEqual([
      { kind: 'platform', key: 'whsj.gov' },
      { kind: 'platform-day', key: 'whsj.gov/2026-11-29' },
    ]);
    expect(db.prepare('SELECT cursor FROM sync_state').pluck().get()).toBeNull();
    // The monitor's upsert of a day already marked (its conflict policy once failed the trigger's mark).
    bucket.run('d', day, 1200);
    bucket.run('d', day + 86_400, 60);
    expect(dirty()).toHaveLength(3);
    // An edit that keeps the key marks the platform, not its whole history of days (a new key does).
    db.prepare('DELETE FROM sync_dirty').run();
    db.prepare("UPDATE platforms SET key = key, name = '武汉平台（改）', revision = revision + 1").run();
    expect(dirty()).toEqual([{ kind: 'platform', key: 'whsj.gov' }]);
    db.prepare("UPDATE platforms SET key = 'whsj2.gov', revision = revision + 1").run();
    expect(dirty().filter((d) => (d as { kind: string }).kind === 'platform-day')).toHaveLength(2);
    // A platform another console monitors is never marked, nor are its days.
    db.prepare('DELETE FROM sync_dirty').run();
    db.prepare("UPDATE platforms SET monitored_by = 'wuhan-monitor', revision = revision + 1").run();
    bucket.run('d', day, 1800);
    expect(dirty()).toEqual([]);
    // m010's marks, made again: a holiday schedule loaded twice for one year before a sync (the calendar's upsert) failed.
    const load = db.prepare(
      `INSERT INTO calendar_schedules (year, holidays, workdays, source, notice, loaded_at, loaded_by) VALUES (2031, '[]', '[]', 'loaded', ?, 'now', 'it')
       ON CONFLICT (year) DO UPDATE SET notice = excluded.notice`,
    );
    load.run('first');
    load.run('second');
    expect(dirty()).toEqual([{ kind: 'calendar', key: '2031' }]);
  });
});

describe('migration 13: a platform deleted here is deleted at the hub', () => {
  it('marks a platform monitored here when it is deleted, not another console’s copy nor one the sync removes, and keeps the outbox’s rows as edits', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't'), ('420100', '武汉市', 'prefectural', '000000', NULL, NULL, 't')").run();
    migrate(db, file, MIGRATIONS.slice(0, 12));
    db.prepare("INSERT INTO sync_outbox (kind, key, region, base_version, patch, at) VALUES ('platform', 'old.gov', '420100', 1, '{}', 'now')").run();
    migrate(db, file);
    expect(db.prepare('SELECT deleted FROM sync_outbox').pluck().all()).toEqual([0]);
    // It had sealed a mutation (it may have pushed it): it keeps the ids it has.
    expect(db.prepare('SELECT sent_as FROM sync_state').pluck().get()).toBe('*');
    const add = db.prepare(`INSERT INTO platforms (key, name, region_code, level, endpoints, probe, monitored_by, created_at, updated_at) VALUES (?, ?, '420100', 'prefectural', '{}', '{}', ?, 'now', 'now')`);
    add.run('here.gov', '本地平台', null);
    add.run('there.gov', '他处平台', 'wuhan-monitor');
    add.run('quiet.gov', '同步删除', null);
    db.prepare('DELETE FROM sync_dirty').run();
    const dirty = () => db.prepare('SELECT kind, key FROM sync_dirty ORDER BY key').all();
    db.prepare("DELETE FROM platforms WHERE key IN ('here.gov', 'there.gov')").run();
    expect(dirty()).toEqual([{ kind: 'platform', key: 'here.gov' }]);
    db.prepare('UPDATE sync_apply SET active = 1').run();
    db.prepare("DELETE FROM platforms WHERE key = 'quiet.gov'").run();
    expect(dirty()).toHaveLength(1);
  });

  it('schema 14: requests filed before are marked to send, the pull starts again from the beginning, and the database gets its own tag', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 13));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't')").run();
    db.prepare("UPDATE sync_state SET cursor = 'old-cursor'").run();
    db.prepare("INSERT INTO departments (region_code, name, credit_code, created_at) VALUES ('000000', '甲部门', 'A', 'now'), ('000000', '乙部门', 'B', 'now')").run();
    db.prepare(
      `INSERT INTO directory_entries (resource_code, classification, resource_class, region_code, level, department_id, name, summary, sharing, open, update_cycle, status, version, created_at, updated_at)
       VALUES ('101001/000001', '101001', 'base', '000000', 'national', 2, '目录', '', 'conditional', 'not-open', 'daily', 'published', 1, 'now', 'now')`,
    ).run();
    const file1 = db.prepare(
      `INSERT INTO sharing_requests (entry_id, sharing, requester_department_id, requester_region, provider_department_id, provider_region, items, purpose, duty_basis, scope_of_use, duration_months, method, status, filed_at)
       VALUES (1, 'conditional', 1, '000000', 2, '000000', '[]', 'p', 'd', 's', 1, 'api', 'filed', 'now')`,
    );
    file1.run();
    db.prepare('DELETE FROM sync_dirty').run();
    migrate(db, file);
    expect(db.prepare('SELECT cursor FROM sync_state').pluck().get()).toBeNull();
    expect(db.prepare('SELECT request_tag FROM sync_state').pluck().get()).toMatch(/^[0-9a-f]{8}$/);
    expect(db.prepare("SELECT key FROM sync_dirty WHERE kind = 'request'").pluck().all()).toEqual(['#1']);
    // Filed and stepped later: marked by the same key until it is sealed under its own.
    file1.run();
    db.prepare("UPDATE sharing_requests SET sync_key = 'wuhan/ab12cd34.1', revision = revision + 1 WHERE id = 1").run();
    expect(db.prepare("SELECT key FROM sync_dirty WHERE kind = 'request' ORDER BY key").pluck().all()).toEqual(['#1', '#2', 'wuhan/ab12cd34.1']);
  });

  it('schema 16: evidence of cases pulled before gets its rows from the timeline, once; evidence added here keeps its own', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 15));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't')").run();
    db.prepare("INSERT INTO departments (region_code, name, credit_code, created_at) VALUES ('000000', '甲部门', 'A', 'now'), ('000000', '乙部门', 'B', 'now')").run();
    db.prepare(
      `INSERT INTO cases (type, title, description, stage, raiser_department_id, raiser_region, respondent_department_id, respondent_region, handling_region, raised_at, sync_key)
       VALUES ('data-objection', '数据有误', '', 'raised', 1, '000000', 2, '000000', '000000', 'now', 'wuhan/ab12cd34.1')`,
    ).run();
    const local = 'a'.repeat(64);
    const remote = 'b'.repeat(64);
    db.prepare("INSERT INTO case_evidence (case_id, sha256, file_name, size, mime, uploaded_by, uploaded_at) VALUES (1, ?, '本机.pdf', 10, 'application/pdf', '本机科员', 't1')").run(local);
    const event = db.prepare("INSERT INTO sharing_events (subject, subject_id, at, kind, actor, body, data, sync_key) VALUES ('case', 1, ?, 'evidence', ?, ?, ?, ?)");
    event.run('t1', '本机科员', '本机.pdf', JSON.stringify({ evidenceId: 1, sha256: local, size: 10 }), 'here/11111111.5');
    event.run('t2', '江岸审核', '情况说明.PNG', JSON.stringify({ evidenceId: 7, sha256: remote, size: 2048 }), 'jiangan/22222222.9');
    migrate(db, file);
    const rows = () => db.prepare('SELECT sha256, file_name, size, mime, uploaded_by, uploaded_at FROM case_evidence ORDER BY id').all();
    expect(rows()).toEqual([
      { sha256: local, file_name: '本机.pdf', size: 10, mime: 'application/pdf', uploaded_by: '本机科员', uploaded_at: 't1' },
      { sha256: remote, file_name: '情况说明.PNG', size: 2048, mime: 'image/png', uploaded_by: '江岸审核', uploaded_at: 't2' },
    ]);
    // Files of evidence added here to a case already at the hub are uploaded once at the next run (not those pulled).
    expect(db.prepare('SELECT sha256 FROM sync_files_out ORDER BY sha256').pluck().all()).toEqual([local]);
  });

  it('schema 17: demands filed before are sent once; their events name departments and entries as they travel', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 16));
    db.prepare("INSERT INTO regions VALUES ('000000', '全国', 'national', NULL, NULL, NULL, 't')").run();
    db.prepare("INSERT INTO departments (region_code, name, credit_code, created_at) VALUES ('000000', '甲部门', 'A', 'now'), ('000000', '乙部门', 'B', 'now')").run();
    db.prepare("UPDATE sync_state SET cursor = 'c1'").run();
    db.prepare("INSERT INTO demands (requester_department_id, requester_region, title, description, status, assigned_department_id, assigned_region, note, created_at) VALUES (1, '000000', '需要人口数据', '说明', 'assigned', 2, '000000', '', 'now')").run();
    const event = db.prepare("INSERT INTO sharing_events (subject, subject_id, at, kind, actor, body, data) VALUES ('demand', 1, 't', ?, '科员', '', ?)");
    event.run('filed', null);
    event.run('assigned', JSON.stringify({ departmentId: 2 }));
    event.run('declined', null);
    db.prepare('DELETE FROM sync_dirty').run();
    migrate(db, file);
    expect(db.prepare("SELECT key FROM sync_dirty WHERE kind = 'demand'").pluck().all()).toEqual(['#1']);
    expect(db.prepare('SELECT cursor FROM sync_state').pluck().get()).toBeNull();
    expect(db.prepare("SELECT data FROM sharing_events WHERE subject = 'demand' ORDER BY id").pluck().all()).toEqual([null, JSON.stringify({ department: 'B' }), JSON.stringify({ department: 'B' })]);
    // A step marks it again.
    db.prepare('DELETE FROM sync_dirty').run();
    db.prepare("UPDATE demands SET status = 'declined', note = '不掌握' WHERE id = 1").run();
    expect(db.prepare("SELECT key FROM sync_dirty WHERE kind = 'demand'").pluck().all()).toEqual(['#1']);
  });
});

describe('migration 18: sync bases in an ordinary table', () => {
  it('schema 18: the sync bases keep every row and stay one per record', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 17));
    const insert = db.prepare('INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('entry', '101001/000001', '420000', 3, JSON.stringify({ 'content.name': '常住人口基础信息' }), null);
    insert.run('department', '11420000MB0000000X', '420000', 1, '{}', JSON.stringify({ name: '省公安厅' }));
    migrate(db, file);
    expect(db.prepare('SELECT kind, key, region, version, body, sent_body FROM sync_base ORDER BY kind').all()).toEqual([
      { kind: 'department', key: '11420000MB0000000X', region: '420000', version: 1, body: '{}', sent_body: JSON.stringify({ name: '省公安厅' }) },
      { kind: 'entry', key: '101001/000001', region: '420000', version: 3, body: JSON.stringify({ 'content.name': '常住人口基础信息' }), sent_body: null },
    ]);
    // The sync's upserts still find the row by kind and key.
    db.prepare(`INSERT INTO sync_base (kind, key, region, version, body) VALUES ('entry', '101001/000001', '420000', 4, '{}')
      ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version`).run();
    expect(db.prepare("SELECT count(*) AS n, max(version) AS v FROM sync_base WHERE kind = 'entry'").get()).toEqual({ n: 1, v: 4 });
    expect(() => insert.run('entry', '101001/000001', '420000', 5, '{}', null)).toThrow(/UNIQUE/);
  });

  it('copies the bases a slice at a time in key order, telling how many are done, and keeps every one', () => {
    const file = freshFile();
    const db = openConnection(file);
    migrate(db, file, MIGRATIONS.slice(0, 17));
    const insert = db.prepare('INSERT INTO sync_base (kind, key, region, version, body, sent_body) VALUES (?, ?, ?, ?, ?, NULL)');
    const keys = Array.from({ length: 45_000 }, (_, i) => ['department', 'entry', 'request'][i % 3]! + `/${String(i).padStart(6, '0')}`);
    db.transaction(() => keys.forEach((k, i) => insert.run(k.split('/')[0], k.split('/')[1], '420000', i, `{"n":${i}}`))).immediate();
    const steps: unknown[] = [];
    migrate(db, file, MIGRATIONS, new Date(), (step) => steps.push(step));
    expect(steps.filter((s) => (s as { total?: number }).total !== undefined)).toEqual([20_000, 40_000, 45_000].map((done) => ({ stage: 'migrate', from: 17, version: 18, step: 1, steps: MIGRATIONS.length - 17, done, total: 45_000 })));
    expect(db.prepare('SELECT count(*) AS n, count(DISTINCT kind || key) AS distinct_keys, sum(version) AS versions FROM sync_base').get()).toEqual({ n: 45_000, distinct_keys: 45_000, versions: (44_999 * 45_000) / 2 });
    expect(db.prepare("SELECT body FROM sync_base WHERE kind = 'entry' AND key = '000001'").pluck().get()).toBe('{"n":1}');
  });
});
