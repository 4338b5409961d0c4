import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { DashboardService } from '../../src/main/core/dashboard/service';
import { HubClient } from '../../src/main/core/sync/hub-client';
import { PUSH_BATCH, runSync } from '../../src/main/core/sync/run';
import { scanIndicators } from '../../src/main/core/dashboard/scan';
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import type { Viewer } from '../../src/main/core/directory/viewer';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { testCore } from '../support/core';
import { creditCode } from '../support/sync-data';
import { sampleContent } from '../support/directory';
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy';
import { issueTokens, runPlatform, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { stableFreePort } from '../fleet/ports';
import { startPostgres, type Postgres } from '../support/postgres';

/**
 * Consoles syncing through a real hub process on loopback (PGlite, then PostgreSQL): scope,
 * merging, conflicts, and the faults of a closed network: answers lost after the hub committed,
 * duplicated and late deliveries, the hub killed in the middle of a push, skewed clocks.
 */
type Console = Core & { dataDir: string };
const official = (region: string): Viewer => ({ id: 10, displayName: '科员', regionScope: region, roles: ['official'] });
const reviewer = (region: string): Viewer => ({ id: 20, displayName: '审核员', regionScope: region, roles: ['reviewer'] });

function consoleOf(token: string, skewDays = 0): Console {
  let secret: string | null = token;
  const clock = () => new Date(Date.now() + skewDays * 86_400_000);
  return testCore({ clock, syncSecrets: { read: () => secret, write: (s) => (secret = s) } });
}
const body = (c: Console, code: string) => c.sync.records.read('entry', code)?.body;
const entryId = (c: Console, code: string) => c.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(code) as number;
function edit(c: Console, code: string, overrides: Parameters<typeof sampleContent>[1]) {
  const id = entryId(c, code);
  const d = c.directory.detail(official('420100'), id);
  c.directory.update(official('420100'), id, d.revision, { ...d.content, ...overrides });
}

describe.each(['pglite', 'postgres'] as const)('consoles syncing through a hub on %s', (kind) => {
  const backend: HubBackend = { kind, dataDir: tempDataDir() };
  let postgres: Postgres | undefined;
  let hub: RunningHub;
  let tokens: Record<string, string>;
  let a: Console;
  let b: Console;
  let code: string;

  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startPostgres();
      backend.databaseUrl = await postgres.createDatabase('consoles');
    }
    const [wa, wb, wc, wd] = issueTokens(backend, '420100', ['wuhan-a', 'wuhan-b', 'wuhan-c', 'wuhan-d']);
    const [gz] = issueTokens(backend, '440100', ['guangzhou']);
    const [n1, n2, n3, n4, n5, n6, n7] = issueTokens(backend, '000000', ['national-1', 'national-2', 'national-3', 'national-4', 'national-5', 'national-6', 'national-7']);
    tokens = { a: wa!, b: wb!, c: wc!, d: wd!, gz: gz!, n1: n1!, n2: n2!, n3: n3!, n4: n4!, n5: n5!, n6: n6!, n7: n7! };
    // Below the ephemeral range: a restarted hub gets its port back (no outgoing connection can hold it).
    hub = await startHub(backend, ['--port', String(await stableFreePort())]);
    a = consoleOf(tokens.a!);
    b = consoleOf(tokens.b!, -3);
    a.sync.configure(hub.url, undefined);
    b.sync.configure(hub.url, undefined);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await postgres?.close();
  });

  it('sends a new department and entry, and another console of the region receives them exactly', async () => {
    const dept = a.directory.departments.create({ regionCode: '420100', name: '武汉市公安局', creditCode: '11420100MB12345671', parentId: null, contact: '' }, new Date().toISOString()).id;
    code = a.directory.create(official('420100'), '420100', sampleContent(dept)).resourceCode;
    const sent = await a.sync.run('科员');
    expect(sent).toMatchObject({ outcome: 'ok', pushed: 2, applied: 2, conflicts: 0, rejected: [], console: { name: 'wuhan-a', region: '420100' } });
    const got = await b.sync.run('科员');
    expect(got.outcome).toBe('ok');
    expect(body(b, code)).toEqual(body(a, code));
    expect(b.sync.status()).toMatchObject({ pendingChanges: 0, conflicts: 0 });
    // Its own echo changes nothing at A.
    expect((await a.sync.run('科员')).outcome).toBe('ok');
    expect(a.sync.status().pendingChanges).toBe(0);
  });

  it('keeps other regions out of scope: Guangzhou receives the department, not the Wuhan entry', async () => {
    const gz = consoleOf(tokens.gz!);
    gz.sync.configure(hub.url, undefined);
    expect((await gz.sync.run('科员')).outcome).toBe('ok');
    expect(gz.sync.records.read('department', '11420100MB12345671')).not.toBeNull();
    expect(body(gz, code)).toBeUndefined();
    await gz.close();
  });

  it('merges edits of different fields made offline on two consoles, whatever their clocks say', async () => {
    edit(a, code, { summary: '甲控制台修改的摘要' });
    edit(b, code, { internalUnit: '乙控制台修改的处室' });
    await a.sync.run('科员');
    await b.sync.run('科员');
    await a.sync.run('科员');
    expect(body(a, code)).toMatchObject({ 'content.summary': '甲控制台修改的摘要', 'content.internalUnit': '乙控制台修改的处室' });
    expect(body(b, code)).toEqual(body(a, code));
  });

  it('turns edits of the same field into a conflict, resolved on the console that found it, and sent on', async () => {
    edit(a, code, { name: '常住人口基础信息（甲）' });
    edit(b, code, { name: '常住人口基础信息（乙）' });
    await a.sync.run('科员');
    const found = await b.sync.run('科员');
    expect(found.conflicts).toBe(1);
    expect(b.sync.conflicts()).toMatchObject([{ kind: 'entry', key: code, fields: ['content.name'], mine: { 'content.name': '常住人口基础信息（乙）' } }]);
    expect(body(b, code)!['content.name']).toBe('常住人口基础信息（乙）');
    b.sync.resolve('entry', code, 'mine');
    expect((await b.sync.run('科员')).applied).toBe(1);
    await a.sync.run('科员');
    expect(body(a, code)!['content.name']).toBe('常住人口基础信息（乙）');
    expect(body(b, code)).toEqual(body(a, code));
  });

  it('refuses what the hub must not accept (a withdrawn entry submitted again) and gives way to the hub', async () => {
    const id = entryId(a, code);
    let d = a.directory.detail(official('420100'), id);
    d = a.directory.act(official('420100'), id, d.revision, 'submit', '');
    d = a.directory.act(reviewer('420100'), id, d.revision, 'approve', '');
    a.directory.act(official('420100'), id, d.revision, 'withdraw', '不再提供');
    await a.sync.run('科员');
    a.db.prepare("UPDATE directory_entries SET status = 'submitted' WHERE id = ?").run(id);
    const run = await a.sync.run('科员');
    expect(run.rejected).toMatchObject([{ kind: 'entry', key: code, reason: 'illegal-transition' }]);
    expect(body(a, code)!.status).toBe('withdrawn');
    expect(a.sync.log(1)[0]).toMatchObject({ outcome: 'ok', rejected: 1 });
  });

  it('does not apply a push twice when its answer is lost, when it is delivered twice, or when it arrives again late', async () => {
    const proxy: FlakyProxy = await startFlakyProxy(hub.url);
    const c = consoleOf(tokens.c!);
    c.sync.configure(proxy.url, undefined);
    await c.sync.run('科员');
    const dept = c.db.prepare("SELECT id FROM departments WHERE credit_code = '11420100MB12345671'").pluck().get() as number;
    const made = c.directory.create(official('420100'), '420100', sampleContent(dept, { name: '婚姻登记信息' })).resourceCode;
    // One answer lost: the client asks again at once and gets the hub's stored answer.
    proxy.fault('lose-answer');
    expect(await c.sync.run('科员')).toMatchObject({ outcome: 'ok', pushed: 1, applied: 1 });
    const again = c.directory.create(official('420100'), '420100', sampleContent(dept, { name: '收养登记信息' })).resourceCode;
    // Both answers lost: offline, and the change waits in the outbox.
    proxy.fault('lose-answer', 2);
    expect((await c.sync.run('科员')).outcome).toBe('offline');
    expect(c.sync.status().pendingChanges).toBe(1);
    proxy.fault('deliver-twice');
    expect(await c.sync.run('科员')).toMatchObject({ outcome: 'ok', pushed: 1, applied: 1 });
    expect(await proxy.replayFirstPush()).toBe(200);
    await b.sync.run('科员');
    expect(body(b, made)).toEqual(body(c, made));
    expect(body(b, again)).toEqual(body(c, again));
    // One version at the hub: the entry's record arrived once, at version 1.
    const base = b.db.prepare("SELECT version FROM sync_base WHERE kind = 'entry' AND key = ?").pluck().get(made);
    expect(base).toBe(1);
    await c.close();
    await proxy.close();
  });

  it('applies batches in the order they were sealed when the second, sent before the first was answered, overtakes it on the way', async () => {
    const proxy = await startFlakyProxy(hub.url);
    const c = consoleOf(tokens.n5!);
    c.sync.configure(proxy.url, undefined);
    await c.sync.run('科员');
    loadSampleDirectory(c.db, 2_500, 12, new Date().toISOString());
    const sealed = c.sync.status().pendingChanges;
    const batches = Math.ceil(sealed / PUSH_BATCH);
    expect(batches).toBeGreaterThanOrEqual(3);
    // The first batch is held back until the second has its answer: the hub must not apply the
    // second first (its ids would pass over the first's, which it would then answer unapplied).
    proxy.fault('overtaken');
    const before = proxy.pushes;
    const run = await c.sync.run('科员');
    expect(run, run.message).toMatchObject({ outcome: 'ok', pushed: sealed, applied: sealed, rejected: [] });
    // The overtaking batch was told "not yet" and sent again once the first was answered (so may
    // the one sent behind it meanwhile); the batches after those go once each.
    expect(proxy.pushes - before).toBeGreaterThan(batches);
    expect(proxy.pushes - before).toBeLessThanOrEqual(batches + 2);
    expect(proxy.pushesAtOnce).toBe(2);
    expect(c.sync.status().pendingChanges).toBe(0);
    const other = consoleOf(tokens.n6!);
    other.sync.configure(hub.url, undefined);
    expect((await other.sync.run('核对')).outcome).toBe('ok');
    const codes = c.db.prepare('SELECT resource_code FROM directory_entries ORDER BY resource_code').pluck().all() as string[];
    expect(other.db.prepare('SELECT resource_code FROM directory_entries WHERE resource_code IN (SELECT value FROM json_each(?)) ORDER BY resource_code').pluck().all(JSON.stringify(codes))).toEqual(codes);
    for (const key of codes.filter((_, i) => i % 97 === 0)) expect(body(other, key)).toEqual(body(c, key));
    await other.close();
    await c.close();
    await proxy.close();
  }, 120_000);

  it('pushes one batch at a time to a hub whose hello does not offer pushAfter, and never names an after to it', async () => {
    const proxy = await startFlakyProxy(hub.url);
    proxy.actAsOlderHub();
    const c = consoleOf(tokens.n7!);
    c.sync.configure(proxy.url, undefined);
    await c.sync.run('科员');
    loadSampleDirectory(c.db, 2_500, 14, new Date().toISOString());
    const sealed = c.sync.status().pendingChanges;
    const run = await c.sync.run('科员');
    expect(run, run.message).toMatchObject({ outcome: 'ok', pushed: sealed, applied: sealed, rejected: [] });
    expect(proxy.pushes).toBe(Math.ceil(sealed / PUSH_BATCH));
    expect(proxy.pushesAtOnce).toBe(1);
    expect(proxy.pushesWithAfter).toBe(0);
    await c.close();
    await proxy.close();
  }, 120_000);

  it('loses nothing when the hub is killed (SIGKILL) in the middle of a large push, and resumes after a restart', async () => {
    // Killed 30 ms after the first batch is settled: the second batch is then on its way or being applied.
    let killing: Promise<void> | null = null;
    let secret: string | null = tokens.n1!;
    const d: Console = testCore({
      syncSecrets: { read: () => secret, write: (s) => (secret = s) },
      push: (_session, message) => {
        // A push's progress: the first run's pull (of what earlier tests pushed) counts too.
        if (message.name === 'sync.changed' && message.payload.progress?.stage === 'push' && message.payload.progress.done >= 1_000 && !killing) {
          killing = new Promise((resolve) => setTimeout(() => void hub.kill().then(resolve), 30));
        }
      },
    });
    d.sync.configure(hub.url, undefined);
    await d.sync.run('科员');
    loadSampleDirectory(d.db, 3_000, 8, new Date().toISOString());
    const entries = d.db.prepare('SELECT count(*) FROM directory_entries').pluck().get() as number;
    expect((await d.sync.run('科员')).outcome).toBe('offline');
    await killing;
    hub = await startHub(backend, ['--port', String(hub.port)]);
    const resumed = await d.sync.run('科员');
    expect(resumed, resumed.message).toMatchObject({ outcome: 'ok', rejected: [] });
    expect(d.sync.status().pendingChanges).toBe(0);
    const other = consoleOf(tokens.n2!);
    other.sync.configure(hub.url, undefined);
    expect((await other.sync.run('核对')).outcome).toBe('ok');
    expect(other.db.prepare('SELECT count(*) FROM directory_entries').pluck().get()).toBe(entries);
    for (const key of d.db.prepare('SELECT resource_code FROM directory_entries ORDER BY random() LIMIT 50').pluck().all() as string[]) expect(body(other, key)).toEqual(body(d, key));
    // The fresh console took its initial pull as bulk pages: its tree and department counts equal
    // a recount, its dashboard summaries the scan of the raw tables, and search finds the entries.
    const recount = (sql: string) => other.db.prepare(sql).all();
    expect(recount('SELECT region_code AS k, published AS p, in_review AS r, drafts AS w FROM directory_tallies WHERE published + in_review + drafts > 0 ORDER BY 1')).toEqual(
      recount(`SELECT a.ancestor_code AS k, sum(e.published) AS p, sum(e.status = 'submitted') AS r, sum(e.status IN ('draft', 'returned')) AS w
               FROM directory_entries e JOIN region_ancestors a ON a.region_code = e.region_code GROUP BY 1 HAVING p + r + w > 0 ORDER BY 1`),
    );
    expect(recount('SELECT id AS k, published AS p, in_review AS r, drafts AS w FROM departments WHERE published + in_review + drafts > 0 ORDER BY 1')).toEqual(
      recount(`SELECT department_id AS k, sum(published) AS p, sum(status = 'submitted') AS r, sum(status IN ('draft', 'returned')) AS w FROM directory_entries GROUP BY 1 HAVING p + r + w > 0 ORDER BY 1`),
    );
    const now = new Date();
    const dashboard = new DashboardService(other.db, () => now);
    const settings = { maintenanceCountsAgainst: false };
    for (const region of ['000000', '420000', '440300']) expect(dashboard.values(region, '2026', settings), region).toEqual(scanIndicators(other.db, region, '2026', settings, now));
    expect(other.db.prepare("SELECT count(*) FROM directory_search WHERE directory_search MATCH '\"人口\"'").pluck().get()).toBeGreaterThan(0);
    await other.close();
    await d.close();
  }, 180_000);

  it('gives a first pull every provider before its entries, and resumes it when cut between two slices of a page', async () => {
    // The directory the test above pushed (3,000 entries). Another console changes every
    // department's contact: the departments now come after all their entries in the hub's order.
    const s = consoleOf(tokens.n4!);
    s.sync.configure(hub.url, undefined);
    expect((await s.sync.run('核对')).outcome).toBe('ok');
    s.db.prepare("UPDATE departments SET contact = '值班电话 12345'").run();
    expect((await s.sync.run('核对')).outcome).toBe('ok');
    await s.close();

    const c = consoleOf(tokens.n3!);
    // Cut after the first slice of the first page has been written.
    let pulled = 0;
    let cutOnce = false;
    const cut = await runSync(c.db, c.sync.journal, new HubClient({ url: hub.url, token: tokens.n3! }), {
      actor: '核对',
      onProgress: (p) => {
        if (p.stage === 'pull') pulled = p.done;
      },
      writable: async () => {
        if (pulled > 0 && !cutOnce) {
          cutOnce = true;
          throw new Error('cut between slices');
        }
        return () => undefined;
      },
    });
    expect(cut).toMatchObject({ outcome: 'failed', message: 'cut between slices' });
    // The first page's providers lead it: what the first slice wrote is those departments.
    const written = c.db.prepare('SELECT count(*) FROM sync_base').pluck().get() as number;
    expect(written).toBeGreaterThan(0);
    expect(c.db.prepare('SELECT cursor FROM sync_state').pluck().get()).toBeNull();
    c.sync.configure(hub.url, undefined);
    const resumed = await c.sync.run('核对');
    expect(resumed, resumed.message).toMatchObject({ outcome: 'ok' });
    const entries = c.db.prepare('SELECT count(*) FROM directory_entries').pluck().get() as number;
    expect(entries).toBeGreaterThan(3_000);
    // Each entry arrived once: one creation in its thread, one index row; tallies equal a recount;
    // the departments carry their latest contact.
    expect(c.db.prepare("SELECT count(*) FROM entry_events WHERE kind = 'create'").pluck().get()).toBe(entries);
    expect(c.db.prepare('SELECT count(*) FROM directory_search').pluck().get()).toBe(entries);
    expect(c.db.prepare("SELECT published, in_review, drafts FROM directory_tallies WHERE region_code = '000000'").raw().get()).toEqual(
      c.db.prepare("SELECT sum(published), sum(status = 'submitted'), sum(status IN ('draft', 'returned')) FROM directory_entries").raw().get(),
    );
    expect(c.db.prepare("SELECT DISTINCT contact FROM departments d WHERE EXISTS (SELECT 1 FROM directory_entries e WHERE e.department_id = d.id)").pluck().all()).toEqual(['值班电话 12345']);
    await c.close();
  }, 180_000);

  it('stops a run when an administrator gives the console another hub during it: the old hub\'s cursor, name and region are not written over the new settings', async () => {
    const c = consoleOf(tokens.n4!);
    c.sync.configure(hub.url, undefined);
    const run = c.sync.run('核对');
    // A first pull of the directory above: changed once its first slice is written.
    while ((c.sync.status().progress?.done ?? 0) === 0) await new Promise((resolve) => setImmediate(resolve));
    c.sync.configure('http://127.0.0.1:9', undefined);
    const stopped = await run;
    expect(stopped).toMatchObject({ outcome: 'failed', note: { code: 'settings-changed' } });
    expect(c.db.prepare('SELECT cursor, console_name AS name FROM sync_state').get()).toEqual({ cursor: null, name: null });
    expect(c.sync.status().consoleRegion).toBeNull();
    const written = c.db.prepare('SELECT count(*) FROM directory_entries').pluck().get() as number;
    expect(written).toBeLessThan(3_000);
    // Back to this hub: from the beginning, and everything arrives once.
    c.sync.configure(hub.url, undefined);
    expect(await c.sync.run('核对')).toMatchObject({ outcome: 'ok' });
    expect(c.sync.status().consoleRegion).toEqual({ code: '000000', name: expect.any(String) });
    const entries = c.db.prepare('SELECT count(*) FROM directory_entries').pluck().get() as number;
    expect(entries).toBeGreaterThan(3_000);
    expect(c.db.prepare('SELECT count(*) FROM directory_search').pluck().get()).toBe(entries);
    await c.close();
  }, 180_000);

  it('stops and asks before a pull deletes more than the threshold, then applies it when confirmed', async () => {
    const dept = a.db.prepare("SELECT id FROM departments WHERE credit_code = '11420100MB12345671'").pluck().get() as number;
    const doomed = ['公共租赁住房信息', '养老机构名录'].map((name) => a.directory.create(official('420100'), '420100', sampleContent(dept, { name, classification: '201003' })).resourceCode);
    await a.sync.run('科员');
    b.sync.configure(hub.url, undefined, 1);
    await b.sync.run('科员');
    await hub.stop();
    for (const key of doomed) runPlatform(backend, ['delete', '--kind', 'entry', '--key', key]);
    hub = await startHub(backend, ['--port', String(hub.port)]);
    const held = await b.sync.run('科员');
    expect(held).toMatchObject({ outcome: 'needs-confirmation', deletionsPending: 2 });
    for (const key of doomed) expect(body(b, key)!.status).toBe('draft');
    // The administrator confirms while an automatic run, without that confirmation, is under way:
    // the confirmation gets the run after it (shared by whoever asks meanwhile), not that run's answer.
    const runsBefore = b.sync.log(500).length;
    const automatic = b.sync.run('自动同步');
    const confirmed = b.sync.run('科员', true);
    expect(b.sync.run('科员')).toBe(confirmed);
    expect(await automatic).toMatchObject({ outcome: 'needs-confirmation', deletionsPending: 2 });
    const applied = await confirmed;
    expect(b.sync.log(500).length).toBe(runsBefore + 2);
    expect(applied.outcome).toBe('ok');
    for (const key of doomed) expect(body(b, key)!.status).toBe('withdrawn');
  }, 120_000);

  it('gives a new entry another code when a console offline took the same one first, and both entries survive', async () => {
    const dept = a.db.prepare("SELECT id FROM departments WHERE credit_code = '11420100MB12345671'").pluck().get() as number;
    const first = a.directory.create(official('420100'), '420100', sampleContent(dept, { name: '甲控制台的目录', classification: '301009' })).resourceCode;
    const second = b.directory.create(official('420100'), '420100', sampleContent(b.db.prepare("SELECT id FROM departments WHERE credit_code = '11420100MB12345671'").pluck().get() as number, { name: '乙控制台的目录', classification: '301009' })).resourceCode;
    expect(second).toBe(first);
    await a.sync.run('科员');
    const clash = await b.sync.run('科员');
    expect(clash.rejected).toMatchObject([{ key: first, reason: 'recoded', to: '301009/000002' }]);
    // Its officials are told, in the inbox, under the entry's region.
    const told = b.db.prepare("SELECT kind, region_code AS region, params FROM notifications WHERE kind LIKE 'sync.%'").all() as Array<{ kind: string; region: string; params: string }>;
    expect(told.map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { kind: 'sync.recoded', region: '420100', params: { record: 'entry', key: first, name: '乙控制台的目录', reason: 'recoded', to: '301009/000002', fate: null, run: clash.runId } },
    ]);
    expect(b.sync.status().pendingChanges).toBe(0); // the re-coded entry went out in the same run
    await a.sync.run('科员');
    const names = (c: Console) => c.db.prepare("SELECT resource_code, name FROM directory_entries WHERE resource_code LIKE '301009/%' ORDER BY resource_code").all();
    expect(names(a)).toEqual([{ resource_code: first, name: '甲控制台的目录' }, { resource_code: '301009/000002', name: '乙控制台的目录' }]);
    expect(names(b)).toEqual(names(a));
  });

  it('tells the officials when the hub refuses a new department whose name another console took first: it stays here, unsent, told once', async () => {
    const code = (n: number) => creditCode('420100', 900 + n);
    a.directory.departments.create({ regionCode: '420100', name: '武汉市数据资源局筹备组', creditCode: code(1), parentId: null, contact: '' }, new Date().toISOString());
    b.directory.departments.create({ regionCode: '420100', name: '武汉市数据资源局筹备组', creditCode: code(2), parentId: null, contact: '' }, new Date().toISOString());
    await a.sync.run('科员');
    const refused = await b.sync.run('科员');
    expect(refused.rejected).toMatchObject([{ kind: 'department', key: code(2), reason: 'duplicate-name', fate: 'kept' }]);
    const told = () => b.db.prepare("SELECT region_code AS region, params FROM notifications WHERE kind = 'sync.refused' AND params ->> '$.key' = ?").all(code(2)) as Array<{ region: string; params: string }>;
    expect(told().map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { region: '420100', params: { record: 'department', key: code(2), name: '武汉市数据资源局筹备组', reason: 'duplicate-name', to: null, fate: 'kept', run: refused.runId } },
    ]);
    // Still here, not sent again until edited: the next run has nothing to say about it.
    expect(b.db.prepare('SELECT count(*) FROM departments WHERE credit_code = ?').pluck().get(code(2))).toBe(1);
    expect(await b.sync.run('科员')).toMatchObject({ pushed: 0, rejected: [] });
    expect(told()).toHaveLength(1);
    // The run the notice leads to, however many came since.
    expect(b.sync.log(1, refused.runId)).toMatchObject([{ id: refused.runId, details: [{ key: code(2), reason: 'duplicate-name' }] }]);
    // Renamed (the change triggers mark it as any edit does), it goes, and the hub takes it.
    b.db.prepare("UPDATE departments SET name = '武汉市数据资源局筹备二组' WHERE credit_code = ?").run(code(2));
    expect(await b.sync.run('科员')).toMatchObject({ outcome: 'ok', applied: 1, rejected: [] });
    await a.sync.run('科员');
    expect(a.db.prepare('SELECT name FROM departments WHERE credit_code = ?').pluck().get(code(2))).toBe('武汉市数据资源局筹备二组');
  });

  it('pulls everything again when the hub forgot deletions its cursor had not reached: nothing deleted by absence, unsent edits kept and sent', async () => {
    const dept = a.db.prepare("SELECT id FROM departments WHERE credit_code = '11420100MB12345671'").pluck().get() as number;
    const [forgotten, edited] = ['殡葬服务机构名录', '社区卫生服务中心名录'].map((name) => a.directory.create(official('420100'), '420100', sampleContent(dept, { name, classification: '201003' })).resourceCode) as [string, string];
    await a.sync.run('科员');
    await b.sync.run('科员');
    expect(body(b, forgotten)!.status).toBe('draft');
    edit(b, edited, { summary: '离线期间乙控制台的修改' });
    await hub.stop();
    runPlatform(backend, ['delete', '--kind', 'entry', '--key', forgotten]);
    expect(runPlatform(backend, ['purge-tombstones', '--older-than-days', '0'])).toMatch(/^purged [1-9]\d* tombstones/);
    hub = await startHub(backend, ['--port', String(hub.port)]);
    const again = await b.sync.run('科员');
    expect(again, again.message).toMatchObject({ outcome: 'resync', note: { code: 'resync' } });
    expect(body(b, forgotten)!.status).toBe('draft'); // held, never deleted because it is missing
    expect(b.sync.status()).toMatchObject({ pendingChanges: 0, lastNote: null });
    expect((await a.sync.run('科员')).outcome).toBe('resync');
    expect(body(a, edited)!['content.summary']).toBe('离线期间乙控制台的修改');
    expect((await a.sync.run('科员')).outcome).toBe('ok'); // once: its new cursor is past the horizon
  });

  it('tells the dashboards which consoles of the subtree finished a sync within the last day', async () => {
    await b.sync.run('科员');
    await a.sync.run('科员');
    const seen = a.db.prepare('SELECT name, region_code AS region, last_synced_at AS at FROM sync_consoles ORDER BY name').all() as Array<{ name: string; region: string; at: string | null }>;
    expect(seen.map((c) => `${c.name} ${c.region}`)).toEqual(['wuhan-a 420100', 'wuhan-b 420100', 'wuhan-c 420100', 'wuhan-d 420100']);
    for (const name of ['wuhan-a', 'wuhan-b']) expect(Date.now() - Date.parse(seen.find((c) => c.name === name)!.at!)).toBeLessThan(120_000);
    const settings = { maintenanceCountsAgainst: false };
    const freshness = (at: Date) => new DashboardService(a.db, () => at).values('420000', '2026', settings).find((v) => v.id === 'sync.freshness')!;
    expect(freshness(new Date())).toMatchObject({ numerator: seen.filter((c) => c.at !== null).length, denominator: 4 });
    expect(freshness(new Date(Date.now() + 2 * 86_400_000))).toMatchObject({ numerator: 0, denominator: 4, rag: 'red' });
  });

  it('applies the edits of a console set up again from nothing under the same token, sealed offline before its first sync, instead of answering them from the old console’s', async () => {
    // Wuhan A has pushed mutations 1..n; its replacement starts its own outbox at 1 again.
    const again = consoleOf(tokens.a!);
    again.sync.configure(hub.url, undefined);
    const first17 = '11420100MB1234999';
    const creditCode = `${first17}${creditCodeCheckChar(first17)}`;
    const dept = again.directory.departments.create({ regionCode: '420100', name: '武汉市重装后新建的局', creditCode, parentId: null, contact: '' }, new Date().toISOString()).id;
    again.directory.create(official('420100'), '420100', sampleContent(dept, { name: '重装后登记的目录' }));
    again.sync.journal.seal('科员', new Date().toISOString());
    expect(again.sync.journal.outbox(10).map((m) => m.id)).toEqual([1, 2]);
    const sent = await again.sync.run('科员');
    // The entry may take another code (the old console's entries hold the first ones): still applied.
    expect(sent).toMatchObject({ outcome: 'ok', applied: 2 });
    expect(sent.rejected.every((r) => r.reason === 'recoded')).toBe(true);
    const code = again.db.prepare("SELECT resource_code FROM directory_entries WHERE name = '重装后登记的目录'").pluck().get() as string;
    // Another console receives them: they were applied, not answered from the old console's stored results.
    await b.sync.run('科员');
    expect(body(b, code)?.['content.name']).toBe('重装后登记的目录');
    // From now on its ids are its own: a later edit goes on from there.
    edit(again, code, { summary: '重装后修改的摘要' });
    expect(await again.sync.run('科员')).toMatchObject({ outcome: 'ok', applied: 1, rejected: [] });
    await b.sync.run('科员');
    expect(body(b, code)?.['content.summary']).toBe('重装后修改的摘要');
    await again.close();
  });

  it('applies the edits of a console that pushed under one token and is then given another console’s, whose ids at the hub are higher', async () => {
    const switcher = consoleOf(tokens.d!);
    switcher.sync.configure(hub.url, undefined);
    const department = (name: string, first17: string) =>
      switcher.directory.departments.create({ regionCode: '420100', name, creditCode: `${first17}${creditCodeCheckChar(first17)}`, parentId: null, contact: '' }, new Date().toISOString());
    department('武汉市试用令牌时建的局', '11420100MB1234888');
    expect(await switcher.sync.run('科员')).toMatchObject({ outcome: 'ok', applied: 1, console: { name: 'wuhan-d' } });
    // The same database, now wuhan-a (which has pushed many more mutations than this one has).
    switcher.sync.configure(hub.url, tokens.a!);
    department('武汉市换令牌后建的局', '11420100MB1234777');
    expect(await switcher.sync.run('科员')).toMatchObject({ outcome: 'ok', applied: 1, console: { name: 'wuhan-a' } });
    await b.sync.run('科员');
    expect(b.db.prepare("SELECT count(*) FROM departments WHERE name = '武汉市换令牌后建的局'").pluck().get()).toBe(1);
    await switcher.close();
  });
});
