/**
 * The registry through the contract, on a real SQLite file: cascade links, scope, revisions,
 * maintenance windows, import and export (JSON and CSV), storage per region and the inbox's reach.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RegistryImportReport } from '../../../src/shared/contract';
import type { PlatformDetail } from '../../../src/shared/connectivity';
import { ConnectivityQueries } from '../../../src/main/core/connectivity/queries';
import { Monitor } from '../../../src/main/core/connectivity/monitor';
import { Recorder } from '../../../src/main/core/connectivity/recorder';
import { Inbox } from '../../../src/main/core/inbox';
import { monitorSettingsSchema } from '../../../src/shared/connectivity';
import { testCore } from '../../support/core';

const core = testCore();
const admin = core.operatorSession('t', { roles: ['administrator'], regionScope: '000000' });
const hubeiAdmin = core.operatorSession('h', { roles: ['administrator'], regionScope: '420000' });
afterAll(() => core.close());

async function call<T>(session: string, method: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: { issues?: Array<{ path: string; message: string }> } } }> {
  return (await core.dispatch(session, method, input)) as never;
}
const record = (key: string, regionCode: string, parentKey: string | null, extra: object = {}) => ({ key, name: `${key} 平台`, regionCode, parentKey, endpoints: { health: `http://127.0.0.1:9/${key}` }, ...extra });

describe('platform registry', () => {
  it('links a platform to a parent serving a region above it, and refuses links that do not', async () => {
    expect((await call(admin, 'connectivity.create', { record: record('nation', '000000', null) })).ok).toBe(true);
    expect((await call(admin, 'connectivity.create', { record: record('hubei', '420000', 'nation') })).ok).toBe(true);
    const wuhan = await call<PlatformDetail>(admin, 'connectivity.create', { record: record('wuhan', '420100', 'hubei') });
    expect(wuhan).toMatchObject({ ok: true, value: { parentName: 'hubei 平台', summary: { state: 'pending', level: 'prefectural' } } });
    const wrong = await call(admin, 'connectivity.create', { record: record('changsha', '430100', 'hubei') });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'record.parentKey', message: 'parent-region-mismatch' }] } } });
    const unknown = await call(admin, 'connectivity.create', { record: record('x1', '420100', 'nowhere') });
    expect(unknown).toMatchObject({ ok: false, error: { details: { issues: [{ message: 'unknown-parent' }] } } });
    const taken = await call(admin, 'connectivity.create', { record: record('wuhan', '420100', 'hubei') });
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const badUrl = await call(admin, 'connectivity.create', { record: { ...record('x2', '420100', null), endpoints: { health: 'ftp://x' } } });
    expect(badUrl).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('keeps changes from crossing: a stale revision is a conflict, a parent below itself is refused, a parent with children stays', async () => {
    const hubei = core.platforms.byKey('hubei')!;
    const wuhan = core.platforms.byKey('wuhan')!;
    const cycle = await call(admin, 'connectivity.update', { id: hubei.id, revision: hubei.revision, record: record('hubei', '420000', 'wuhan') });
    expect(cycle).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const first = await call<PlatformDetail>(admin, 'connectivity.update', { id: wuhan.id, revision: wuhan.revision, record: record('wuhan', '420100', 'hubei', { owner: '武汉市数据局' }) });
    expect(first).toMatchObject({ ok: true, value: { record: { owner: '武汉市数据局' }, revision: wuhan.revision + 1 } });
    const stale = await call(admin, 'connectivity.update', { id: wuhan.id, revision: wuhan.revision, record: record('wuhan', '420100', 'hubei') });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(admin, 'connectivity.remove', { id: hubei.id, revision: hubei.revision })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('keeps a provincial administrator to the province, also when moving a platform', async () => {
    const wuhan = core.platforms.byKey('wuhan')!;
    const out = await call(hubeiAdmin, 'connectivity.update', { id: wuhan.id, revision: wuhan.revision, record: record('wuhan', '430100', null) });
    expect(out).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const elsewhere = await call(hubeiAdmin, 'connectivity.create', { record: record('hunan', '430000', null) });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('stores maintenance windows and refuses one that ends before it starts', async () => {
    const wuhan = core.platforms.byKey('wuhan')!;
    const added = await call<{ id: number }>(admin, 'connectivity.addMaintenance', { platformId: wuhan.id, window: { kind: 'weekly', weekday: 6, startMinute: 22 * 60, durationMinutes: 240, note: '周六例行维护' } });
    expect(added.ok).toBe(true);
    const backwards = await call(admin, 'connectivity.addMaintenance', { platformId: wuhan.id, window: { kind: 'once', startsAt: '2026-12-02T00:00:00+08:00', endsAt: '2026-12-01T00:00:00+08:00' } });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const detail = await call<PlatformDetail>(admin, 'connectivity.platform', { id: wuhan.id });
    expect(detail.ok && detail.value.maintenance).toMatchObject([{ kind: 'weekly', weekday: 6, note: '周六例行维护' }]);
  });

  it('exports JSON and CSV that import back unchanged, and reports every bad row without importing any', async () => {
    const exportsDir = join(core.dataDir, 'exports');
    const json = await call<{ file: string; rows: number }>(admin, 'connectivity.export', { format: 'json' });
    const csv = await call<{ file: string; rows: number }>(admin, 'connectivity.export', { format: 'csv' });
    if (!json.ok || !csv.ok) throw new Error('export failed');
    expect(json.value.rows).toBe(3);
    const csvText = readFileSync(join(exportsDir, csv.value.file), 'utf8');
    expect(csvText.split('\r\n')[0]).toContain('平台标识 key');
    expect(csvText).toContain('武汉市数据局');

    const other = testCore();
    const root = other.operatorSession('o', { roles: ['administrator'], regionScope: '000000' });
    const fromJson = (await other.dispatch(root, 'connectivity.import', { fileName: 'r.json', text: readFileSync(join(exportsDir, json.value.file), 'utf8') })) as { ok: true; value: RegistryImportReport };
    expect(fromJson.value).toMatchObject({ rows: 3, created: 3, issues: [] });
    expect(other.platforms.record(other.platforms.byKey('wuhan')!)).toEqual(core.platforms.record(core.platforms.byKey('wuhan')!));
    const again = (await other.dispatch(root, 'connectivity.import', { fileName: 'r.csv', text: csvText })) as { ok: true; value: RegistryImportReport };
    expect(again.value).toMatchObject({ rows: 3, created: 0, updated: 3, issues: [] });

    const bad = csvText.replace('420100', '4201').replace(/nation,/, 'nation,');
    const refused = (await other.dispatch(root, 'connectivity.import', { fileName: 'bad.csv', text: `${bad}dup,重复,420100,,,nowhere,http://127.0.0.1:9/,,,,,,,,,,,,\r\n` })) as { ok: true; value: RegistryImportReport };
    expect(refused.value.created + refused.value.updated).toBe(0);
    expect(refused.value.issues.map((i) => `${i.row}:${i.field}`)).toEqual(expect.arrayContaining(['3:regionCode', '4:parentKey']));
    await other.close();
  });

  it('writes nothing of a platform handed to another console, and takes one handed back up from the day stored, not the one it held', () => {
    const recorder = new Recorder(core.db);
    const id = core.platforms.byKey('wuhan')!.id;
    const day = Date.parse('2026-06-01T10:00:00+08:00');
    const stored = () => core.db.prepare("SELECT up_s AS up, down_s AS down FROM platform_buckets WHERE platform_id = ? AND span = 'd' AND start = ?").get(id, day / 1000 - 10 * 3600);
    recorder.sample(id, day, 'up', 5, null, 600);
    recorder.flush(day);
    expect(stored()).toEqual({ up: 600, down: 0 });
    // Handed to another console by a pull: the monitor, not told yet, samples on.
    core.db.prepare("UPDATE platforms SET monitored_by = '别的控制台' WHERE id = ?").run(id);
    recorder.sample(id, day + 600_000, 'down', null, 'refused', 600);
    recorder.flush(day + 600_000);
    expect(stored()).toEqual({ up: 600, down: 0 });
    // A second platform, handed away with nothing sampled after: the monitor's reread of the
    // registry forgets its day (a monitor never started probes nothing).
    const monitor = new Monitor({ db: core.db, probe: () => Promise.reject(new Error('never started: nothing is probed')) });
    monitor.reload();
    const other = core.platforms.byKey('hubei')!.id;
    const otherStored = () => core.db.prepare("SELECT up_s AS up FROM platform_buckets WHERE platform_id = ? AND span = 'd' AND start = ?").pluck().get(other, day / 1000 - 10 * 3600);
    monitor.recorder.sample(other, day, 'up', 5, null, 600);
    monitor.recorder.flush(day);
    core.db.prepare("UPDATE platforms SET monitored_by = '别的控制台' WHERE id = ?").run(other);
    monitor.reload();
    core.db.prepare("UPDATE platform_buckets SET up_s = 5000 WHERE platform_id = ? AND span = 'd' AND start = ?").run(other, day / 1000 - 10 * 3600);
    core.db.prepare('UPDATE platforms SET monitored_by = NULL WHERE id = ?').run(other);
    monitor.reload();
    monitor.recorder.sample(other, day + 600_000, 'up', 5, null, 600);
    monitor.recorder.flush(day + 600_000);
    expect(otherStored()).toBe(5600);
    // The other console's figures arrive; then the platform is handed back the same day.
    core.db.prepare("UPDATE platform_buckets SET up_s = 3000, down_s = 60 WHERE platform_id = ? AND span = 'd' AND start = ?").run(id, day / 1000 - 10 * 3600);
    core.db.prepare('UPDATE platforms SET monitored_by = NULL WHERE id = ?').run(id);
    recorder.sample(id, day + 1_200_000, 'up', 5, null, 600);
    recorder.flush(day + 1_200_000);
    expect(stored()).toEqual({ up: 3600, down: 60 });
  });

  it('computes a region\'s availability as the share of platform-time up across its platforms', () => {
    const recorder = new Recorder(core.db);
    const hubei = core.platforms.byKey('hubei')!.id;
    const wuhan = core.platforms.byKey('wuhan')!.id;
    const t0 = Date.parse('2026-11-20T10:00:00+08:00');
    // Hubei's platform up for 100 samples; Wuhan's down for the last 50 of its 100.
    for (let i = 0; i < 100; i++) {
      recorder.sample(hubei, t0 + i * 30_000, 'up', 5, null, 30);
      recorder.sample(wuhan, t0 + i * 30_000, i < 50 ? 'up' : 'down', i < 50 ? 5 : null, i < 50 ? null : 'refused', 30);
    }
    recorder.flush(t0 + 100 * 30_000);
    const settings = monitorSettingsSchema.parse({});
    const q = new ConnectivityQueries(core.db);
    const province = q.regionAvailability('420000', t0 - 86_400_000, t0 + 86_400_000, settings);
    expect(province).toEqual({ platforms: 2, availability: 0.75 });
    expect(q.regionAvailability('420100', t0 - 86_400_000, t0 + 86_400_000, settings).availability).toBe(0.5);
  });

  it('shows a region\'s notifications to scopes above and inside it, console-wide ones to everyone', () => {
    const inbox = new Inbox(core.db);
    const insert = core.db.prepare("INSERT INTO notifications (kind, region_code, subject_type, params, created_at) VALUES ('incident.opened', ?, 'incident', '{}', '2026-11-25T00:00:00Z')");
    insert.run('420100');
    insert.run('430100');
    insert.run('*');
    const seen = (scope: string) => inbox.list({ id: 50, regionScope: scope }, false, null, 50).rows.map((n) => n.regionCode);
    expect(seen('420000')).toEqual(['*', '420100']);
    expect(seen('430000')).toEqual(['*', '430100']);
    expect(seen('000000')).toEqual(['*', '430100', '420100']);
    expect(inbox.markRead({ id: 50, regionScope: '420000' }, [], true)).toBe(0);
    expect(inbox.unread({ id: 51, regionScope: '420000' })).toBe(2);
    // Marking an id outside one's scope does nothing.
    const hunan = core.db.prepare("SELECT id FROM notifications WHERE region_code = '430100'").pluck().get() as number;
    inbox.markRead({ id: 52, regionScope: '420000' }, [hunan], false);
    expect(inbox.unread({ id: 52, regionScope: '430000' })).toBe(2);
  });
});
