import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceDir, exportsDir } from '../../src/main/core/data-dir';
import type { SessionUser } from '../../src/shared/contract';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { startFlakyProxy } from '../support/flaky-proxy';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { startPostgres, type Postgres } from '../support/postgres';
import { consoleOf, publishEntry, type SyncConsole } from '../support/sync-consoles';
import { EvidenceStore } from '../../src/main/core/sharing/evidence';
import type { PushResponse } from '../../src/shared/sync';
import { hubCall, mutation, pullAll } from '../support/sync-data';

/**
 * Evidence files through a real hub (PGlite, then PostgreSQL): uploaded by the console that added
 * them before the case, fetched by the consoles that receive the case, read only where a case in
 * the console's scope names them, and checked against their hash on the way in and out.
 */
type Console = SyncConsole;
const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const JIANGAN_POLICE = code('11420102MB0000401');
const WUHAN_STATS = code('11420100MB0000402');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% 江岸区人口数据核对函\n%%EOF\n', 'utf8');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('截图 screenshot bytes')]);
const REPLY = Buffer.from('%PDF-1.4\n% 江岸区公安分局情况说明\n%%EOF\n', 'utf8');
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const official = (regionScope: string, displayName: string): SessionUser => ({ id: 1, username: displayName, displayName, roles: ['official', 'reviewer'], regionScope, mustChangePassword: false, departmentId: null });
const departmentId = (c: Console, creditCode: string) => c.db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck().get(creditCode) as number;
/** The bytes a user gets when opening the evidence (the file handed over in the exports folder). */
const opened = (c: Console, caseId: number, evidenceId: number) => readFileSync(join(exportsDir(c.dataDir), c.sharing.cases.evidenceFile(caseId, evidenceId, exportsDir(c.dataDir)).file));

describe.each(['pglite', 'postgres'] as const)('evidence files through a hub on %s', (kind) => {
  const backend: HubBackend = { kind, dataDir: tempDataDir() };
  let postgres: Postgres | undefined;
  let hub: RunningHub;
  const tokens: Record<string, string> = {};
  const c: Record<'jiangan' | 'wuhan' | 'hubei', Console> = {} as never;
  const sync = async (name: keyof typeof c) => {
    const report = await c[name].sync.run('管理员');
    expect(report.outcome, `${name}: ${report.message}`).toBe('ok');
    return report;
  };
  let resource = '';
  let caseKey = '';
  const caseAt = (console: Console) => console.db.prepare('SELECT id FROM cases WHERE sync_key = ?').pluck().get(caseKey) as number;

  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startPostgres();
      backend.databaseUrl = await postgres.createDatabase('evidence');
    }
    tokens.jiangan = issueTokens(backend, '420102', ['jiangan'])[0]!;
    tokens.wuhan = issueTokens(backend, '420100', ['wuhan'])[0]!;
    tokens.hubei = issueTokens(backend, '420000', ['hubei'])[0]!;
    tokens.xiangyang = issueTokens(backend, '420600', ['xiangyang'])[0]!;
    // A console of Wuhan's still at schema 15 (its requests are sent raw, with that header).
    tokens.older = issueTokens(backend, '420100', ['older'])[0]!;
    hub = await startHub(backend);
    for (const name of ['jiangan', 'wuhan', 'hubei'] as const) {
      c[name] = consoleOf(tokens[name]!);
      c[name].sync.configure(hub.url, undefined);
    }
    const at = new Date().toISOString();
    resource = publishEntry(c.jiangan, '420102', { name: '江岸区公安分局', creditCode: JIANGAN_POLICE }, '江岸区常住人口基础信息', at);
    c.wuhan.directory.departments.create({ regionCode: '420100', name: '武汉市统计局', creditCode: WUHAN_STATS, parentId: null, contact: '' }, at);
    for (const name of ['jiangan', 'wuhan', 'hubei'] as const) await sync(name);
  }, 180_000);

  afterAll(async () => {
    for (const console of Object.values(c)) await console?.close();
    await hub?.stop();
    await postgres?.close();
  });

  it('uploads the files of an objection raised in Wuhan before the case, and Jiangan and the province receive them with it', async () => {
    const raiser = official('420100', '武汉统计科员');
    const entry = c.wuhan.db.prepare('SELECT id FROM directory_entries WHERE resource_code = ?').pluck().get(resource) as number;
    const raised = c.wuhan.sharing.cases.raise(raiser, { type: 'data-objection', departmentId: departmentId(c.wuhan, WUHAN_STATS), requestId: null, entryId: entry, respondentDepartmentId: null, title: '常住人口数据有误', description: '街道人口数与统计年鉴不符。' });
    c.wuhan.sharing.cases.addEvidence(raiser, raised.id, '核对函.pdf', PDF);
    c.wuhan.sharing.cases.addEvidence(raiser, raised.id, '系统截图.png', PNG);
    // The same file again (another name): one upload, one file at the hub.
    c.wuhan.sharing.cases.addEvidence(raiser, raised.id, '核对函-副本.pdf', PDF);
    const pushed = await sync('wuhan');
    expect(pushed).toMatchObject({ rejected: [], conflicts: 0, files: { sent: 2 } });
    caseKey = c.wuhan.db.prepare('SELECT sync_key FROM cases WHERE id = ?').pluck().get(raised.id) as string;

    const pulled = await sync('jiangan');
    expect(pulled.files).toEqual({ sent: 0, fetched: 2, unavailable: 0 });
    const there = c.jiangan.sharing.cases.detail(official('420102', '江岸审核'), caseAt(c.jiangan));
    expect(there.evidence.map((e) => [e.fileName, e.uploadedBy, e.size, e.held, e.mime])).toEqual([
      ['核对函.pdf', '武汉统计科员', PDF.length, true, 'application/pdf'],
      ['系统截图.png', '武汉统计科员', PNG.length, true, 'image/png'],
      ['核对函-副本.pdf', '武汉统计科员', PDF.length, true, 'application/pdf'],
    ]);
    expect(opened(c.jiangan, there.id, there.evidence[0]!.id).equals(PDF)).toBe(true);
    expect(opened(c.jiangan, there.id, there.evidence[1]!.id).equals(PNG)).toBe(true);
    // Nothing of Jiangan's to send back, and a second run fetches nothing again.
    expect((await sync('jiangan')).files).toEqual({ sent: 0, fetched: 0, unavailable: 0 });
    expect(c.jiangan.sync.status().pendingChanges).toBe(0);

    await sync('hubei');
    const province = c.hubei.sharing.cases.detail(official('420000', '湖北审核'), caseAt(c.hubei));
    expect(province.evidence.every((e) => e.held)).toBe(true);
    expect(opened(c.hubei, province.id, province.evidence[1]!.id).equals(PNG)).toBe(true);
  });

  it('takes the respondent\'s reply back to the raiser, and fetches a file on demand when a run has not', async () => {
    const respondent = official('420102', '江岸审核');
    c.jiangan.sharing.cases.addEvidence(respondent, caseAt(c.jiangan), '情况说明.pdf', REPLY);
    expect((await sync('jiangan')).files.sent).toBe(1);

    // Hubei's console pulls the case but its file store loses the reply (as if the run had been cut before fetching it).
    await sync('hubei');
    rmSync(join(evidenceDir(c.hubei.dataDir), sha(REPLY).slice(0, 2), sha(REPLY)));
    const atProvince = caseAt(c.hubei);
    const reply = c.hubei.sharing.cases.detail(official('420000', '湖北审核'), atProvince).evidence.find((e) => e.fileName === '情况说明.pdf')!;
    expect(reply).toMatchObject({ uploadedBy: '江岸审核', held: false });
    expect(() => c.hubei.sharing.cases.evidenceFile(atProvince, reply.id, exportsDir(c.hubei.dataDir))).toThrow(expect.objectContaining({ code: 'NOT_FOUND', details: { issues: [{ path: 'evidenceId', message: 'not-fetched' }] } }));
    expect(await c.hubei.sync.fetchEvidence(sha(REPLY), reply.fileName)).toBe('fetched');
    expect(opened(c.hubei, atProvince, reply.id).equals(REPLY)).toBe(true);

    const back = await sync('wuhan');
    expect(back.files.fetched).toBe(1);
    const raised = c.wuhan.sharing.cases.detail(official('420100', '武汉统计科员'), caseAt(c.wuhan));
    expect(raised.evidence.map((e) => `${e.fileName}:${e.uploadedBy}:${e.held}`)).toEqual(['核对函.pdf:武汉统计科员:true', '系统截图.png:武汉统计科员:true', '核对函-副本.pdf:武汉统计科员:true', '情况说明.pdf:江岸审核:true']);
    expect(raised.timeline.filter((e) => e.kind === 'evidence')).toHaveLength(4);
  });

  it('gives a file only to a console holding a case that names it, and takes only the file its hash names', async () => {
    const file = (token: string | undefined, hash: string) => hubCall(hub.url, 'GET', `/files/${hash}`, undefined, token ? { token } : {});
    // Xiangyang holds neither party's region: the same answer as for a file the hub never had.
    expect((await file(tokens.xiangyang, sha(PDF))).status).toBe(404);
    expect((await file(tokens.xiangyang, sha(Buffer.from('nothing')))).status).toBe(404);
    expect((await file(undefined, sha(PDF))).status).toBe(401);
    expect((await file(tokens.hubei, 'not-a-hash')).status).toBe(400);
    const put = (hash: string, data: Buffer) =>
      fetch(`${hub.url}/files/${hash}`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.wuhan}`, 'x-dac-protocol': '1', 'x-dac-schema': '16', 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
    const wrong = await put(sha(PDF), REPLY);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain('changed or cut on the way');
    const stored = await put(sha(PNG), PNG);
    expect(await stored.json()).toEqual({ sha256: sha(PNG), size: PNG.length, stored: false });
    const missing = await hubCall<{ missing: string[] }>(hub.url, 'POST', '/files/missing', { sha256: [sha(PNG), sha(Buffer.from('nothing'))] }, { token: tokens.wuhan });
    expect(missing.json.missing).toEqual([sha(Buffer.from('nothing'))]);
    // A console whose schema the hub does not accept is told so, as at any call.
    expect((await hubCall(hub.url, 'POST', '/files/missing', { sha256: [] }, { token: tokens.wuhan, schema: 9 })).status).toBe(409);
  });

  it('keeps evidence whose file did not reach the hub, with the steps taken on it, says why, and sends it all once the file is added again', async () => {
    const raiser = official('420100', '武汉统计科员');
    const atWuhan = caseAt(c.wuhan);
    const LATE = Buffer.from('%PDF-1.4\n% 补充材料\n%%EOF\n');
    c.wuhan.sharing.cases.addEvidence(raiser, atWuhan, '补充材料.pdf', LATE);
    // The file is damaged here before the run (a disk restored badly, say).
    const path = join(evidenceDir(c.wuhan.dataDir), sha(LATE).slice(0, 2), sha(LATE));
    writeFileSync(path, 'damaged');
    // Wuhan's authority accepts the objection, sealed with the evidence; then assigns a reviewer, sealed on top of it.
    const none = { reason: '', question: '', remedy: null };
    const authority = { ...official('420100', '武汉数据局审核'), id: 2, roles: ['reviewer' as const] };
    let d = c.wuhan.sharing.cases.detail(authority, atWuhan);
    d = c.wuhan.sharing.cases.handle(authority, atWuhan, d.revision, { action: 'accept', ...none });
    c.wuhan.sync.journal.seal('管理员', new Date().toISOString());
    const reviewerId = Number(
      c.wuhan.db
        .prepare("INSERT INTO users (id, username, display_name, password_hash, roles, region_scope, created_at, updated_at, password_changed_at) VALUES (50, 'wh-reviewer', '武汉审核人', 'x', '[\"reviewer\"]', '420100', 'now', 'now', 'now')")
        .run().lastInsertRowid,
    );
    c.wuhan.sharing.cases.handle(authority, atWuhan, d.revision, { action: 'assign', assigneeId: reviewerId, ...none });
    const refused = await sync('wuhan');
    expect(refused.files.sent).toBe(0);
    expect(refused.rejected.map((r) => r.reason)).toEqual(['file-missing', 'illegal-transition']);
    // Nothing of the user's goes: the evidence, its event and both steps stay, waiting to be sent.
    const kept = c.wuhan.sharing.cases.detail(raiser, atWuhan);
    expect(kept).toMatchObject({ stage: 'assigned', assignee: '武汉审核人' });
    expect(kept.evidence.map((e) => e.fileName)).toContain('补充材料.pdf');
    expect(kept.timeline.filter((e) => e.kind === 'evidence')).toHaveLength(5);
    expect(c.wuhan.sync.status().pendingChanges).toBe(1);
    // Sent again at every run, it tells nobody at first (it usually gets through at the next run).
    const stuckNotices = () => c.wuhan.db.prepare("SELECT region_code AS region, params FROM notifications WHERE kind = 'sync.stuck'").all() as Array<{ region: string; params: string }>;
    expect((await sync('wuhan')).rejected.map((r) => r.reason)).toContain('file-missing');
    expect(stuckNotices()).toEqual([]);
    // A run cut short neither counts the change nor forgets it: here the hub's answer to the push
    // is lost on the way, after the change was sealed again (sync_retry is empty by then).
    const counted = () => c.wuhan.db.prepare('SELECT kind, key, since, runs, told FROM sync_stuck').all();
    const before = counted();
    expect(before).toMatchObject([{ kind: 'case', runs: 2, told: 0 }]);
    const proxy = await startFlakyProxy(hub.url);
    const reach = c.wuhan.db.prepare('UPDATE sync_state SET hub_url = ? WHERE id = 1');
    reach.run(proxy.url);
    proxy.fault('lose-answer', 100);
    try {
      expect((await c.wuhan.sync.run('管理员')).outcome).toBe('offline');
      expect(proxy.pushes).toBeGreaterThan(0);
      expect(c.wuhan.db.prepare('SELECT count(*) FROM sync_retry').pluck().get()).toBe(0);
    } finally {
      reach.run(hub.url);
      await proxy.close();
    }
    expect(counted()).toEqual(before);
    // Still waiting after three runs and a day (the day passed here by dating its first refusal back): told once (addressed as its refusal would be: the narrowest of its parties' regions).
    const since = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString();
    c.wuhan.db.prepare('UPDATE sync_stuck SET since = ?').run(since);
    const third = await sync('wuhan');
    const key = c.wuhan.db.prepare('SELECT sync_key FROM cases WHERE id = ?').pluck().get(atWuhan) as string;
    const title = c.wuhan.db.prepare('SELECT title FROM cases WHERE id = ?').pluck().get(atWuhan) as string;
    const told = [{ region: '420102', params: { record: 'case', key, name: title, reason: 'file-missing', runs: 3, since, run: third.runId } }];
    expect(stuckNotices().map((n) => ({ region: n.region, params: JSON.parse(n.params) as unknown }))).toEqual(told);
    await sync('wuhan');
    expect(stuckNotices()).toHaveLength(1);
    // The official adds the same file again, which repairs it: the next run sends it first, then the case.
    c.wuhan.sharing.cases.addEvidence(raiser, atWuhan, '补充材料.pdf', LATE);
    expect(readFileSync(path).equals(LATE)).toBe(true);
    expect(await sync('wuhan')).toMatchObject({ rejected: [], files: { sent: 1 } });
    expect(c.wuhan.sync.status().pendingChanges).toBe(0);
    // Through at last: nothing is waiting any more.
    expect(c.wuhan.db.prepare('SELECT count(*) FROM sync_stuck').pluck().get()).toBe(0);
    expect((await sync('jiangan')).files.fetched).toBe(1);
    expect(c.jiangan.sharing.cases.detail(official('420102', '江岸审核'), caseAt(c.jiangan))).toMatchObject({ stage: 'assigned', assignee: '武汉审核人' });

    // A file of evidence added here before the upgrade (its case already at the hub): sent once.
    const EARLIER = Buffer.from('%PDF-1.4\n% 升级前的材料\n%%EOF\n');
    const stored = new EvidenceStore(evidenceDir(c.wuhan.dataDir)).put('升级前.pdf', EARLIER);
    c.wuhan.db.prepare('INSERT INTO sync_files_out VALUES (?)').run(stored.sha256);
    // And one that cannot be read (a folder where the file should be): passed over, never the run's failure.
    const unreadable = 'd'.repeat(64);
    mkdirSync(join(evidenceDir(c.wuhan.dataDir), 'dd', unreadable), { recursive: true });
    c.wuhan.db.prepare('INSERT INTO sync_files_out VALUES (?)').run(unreadable);
    expect((await sync('wuhan')).files.sent).toBe(1);
    expect(c.wuhan.db.prepare('SELECT count(*) FROM sync_files_out').pluck().get()).toBe(0);
    expect((await hubCall<{ missing: string[] }>(hub.url, 'POST', '/files/missing', { sha256: [stored.sha256] }, { token: tokens.wuhan })).json.missing).toEqual([]);
  });

  it('asks for a file an older console kept (never uploaded) later and later, not at every run', async () => {
    const held = (await pullAll(hub.url, tokens.older!)).records.find((r) => r.key === caseKey)!;
    const KEPT = 'c'.repeat(64);
    const older = { 'event.older/t1.1': { at: new Date().toISOString(), kind: 'evidence', actor: '旧版科员', body: '旧版材料.jpg', data: { evidenceId: 1, sha256: KEPT, size: 5000 } } };
    const pushed = await hubCall<PushResponse>(hub.url, 'POST', '/sync/push', { mutations: [mutation(1, 'case', caseKey, held.region, held.version, older)] }, { token: tokens.older, schema: 15 });
    expect(pushed.json.results[0]).toMatchObject({ status: 'applied' });
    const first = await sync('jiangan');
    expect(first.files).toEqual({ sent: 0, fetched: 0, unavailable: 1 });
    const there = c.jiangan.sharing.cases.detail(official('420102', '江岸审核'), caseAt(c.jiangan));
    expect(there.evidence.find((e) => e.fileName === '旧版材料.jpg')).toMatchObject({ uploadedBy: '旧版科员', held: false, mime: 'image/jpeg' });
    // Asked again in a minute, then two, four...: not by the next run at once.
    expect((await sync('jiangan')).files).toEqual({ sent: 0, fetched: 0, unavailable: 0 });
    expect(c.jiangan.db.prepare('SELECT misses FROM sync_file_misses WHERE sha256 = ?').pluck().get(KEPT)).toBe(1);
    expect(await c.jiangan.sync.fetchEvidence(KEPT, '旧版材料.jpg')).toBe('not-at-hub');
  });
});
