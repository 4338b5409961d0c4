import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/shared/sync';
import { translator } from '../../../src/renderer/locales';
import { fieldLabel, noteText, reasonHelp, recordName, valueText } from '../../../src/renderer/pages/sync/labels';
import { CONSOLE_REASONS, REJECT_REASONS, SYNC_NOTES } from '../../../src/shared/sync';
import { syncSummary } from '../../../src/renderer/pages/sync/summary';

const zh = translator('zh-CN');
const en = translator('en-US');
const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  configured: true, hubUrl: 'http://hub', consoleName: '武汉', consoleRegion: { code: '420100', name: '武汉市' }, pendingChanges: 0, conflicts: 0, running: false, progress: null,
  lastRunAt: '2026-11-30T08:00:00Z', lastOkAt: '2026-11-30T08:00:00Z', lastError: null, lastNote: null, nextRunAt: null, deletionThreshold: 50, ...over,
});
const failed = { lastOkAt: null, lastError: 'the hub at http://hub cannot be reached' };

describe('the header\'s sync summary', () => {
  it('says what matters most first: running, conflicts, a failed run, then what waits', () => {
    expect(syncSummary(zh, status({ configured: false }), null)).toEqual({ text: '未配置同步', tone: 'muted' });
    expect(syncSummary(zh, status({ running: true, progress: { stage: 'push', done: 1, total: 4 } }), 'ok').text).toBe('同步中 25%');
    expect(syncSummary(zh, status({ running: true, progress: { stage: 'pull', done: 120, total: null } }), 'ok').text).toBe('同步中 120');
    expect(syncSummary(zh, status({ ...failed, pendingChanges: 3 }), 'offline')).toEqual({ text: '离线 · 3 项待同步', tone: 'warning' });
    expect(syncSummary(zh, status({ ...failed }), 'failed')).toEqual({ text: '同步失败', tone: 'error' });
    expect(syncSummary(zh, status({ conflicts: 2, pendingChanges: 1 }), 'ok')).toEqual({ text: '2 个冲突 · 1 项待同步', tone: 'error' });
    expect(syncSummary(zh, status(), 'ok')).toEqual({ text: '已同步', tone: 'ok' });
    expect(syncSummary(en, status({ lastRunAt: null, lastOkAt: null }), null)).toEqual({ text: 'Not synced yet', tone: 'muted' });
  });
});

describe('a conflict in words', () => {
  it('labels an entry\'s fields as the directory form does and renders values readably', () => {
    expect(fieldLabel(zh, 'entry', 'content.name')).toBe('资源名称');
    expect(fieldLabel(zh, 'entry', 'content.items')).toBe('信息项');
    expect(fieldLabel(zh, 'entry', 'status')).toBe('状态');
    expect(fieldLabel(zh, 'department', 'name')).toBe('部门名称');
    expect(fieldLabel(zh, 'entry', 'content.somethingNew')).toBe('content.somethingNew');
    expect(valueText(zh, 'status', 'submitted')).toBe('审核中');
    expect(valueText(zh, 'content.sharing', 'conditional')).toBe('有条件共享');
    expect(valueText(zh, 'content.items', [{ name: '姓名' }, { name: '公民身份号码' }])).toBe('姓名、公民身份号码');
    expect(valueText(zh, 'content.summary', '')).toBe('（空）');
    expect(valueText(en, 'published', true)).toBe('Yes');
    expect(valueText(zh, 'content.x', 'a'.repeat(300))).toHaveLength(161);
    const conflict = { kind: 'entry' as const, key: '101001/000001', fields: [], mine: {}, at: '', theirs: { kind: 'entry' as const, key: '101001/000001', region: '420100', version: 2, deleted: false, body: { 'content.name': '人口' }, origin: '' } };
    expect(recordName(conflict)).toBe('人口（101001/000001）');
  });
});

describe('a run and a rejection in the user\'s words', () => {
  it('says every note and every reason in Chinese and English, the hub\'s own text kept only for what it does not know', () => {
    expect(noteText(zh, { code: 'offline', params: { hub: 'http://10.1.1.1:8720' } }, 'the hub at http://10.1.1.1:8720 cannot be reached (ECONNREFUSED)')).toBe(
      '无法连接中心平台 http://10.1.1.1:8720。本机的变更都已保留，恢复连接后会自动同步。',
    );
    expect(noteText(zh, { code: 'needs-confirmation', params: { count: 120, threshold: 50 } }, '')).toContain('删除了 120 条本机持有的记录，超过删除阈值（50 条）');
    expect(noteText(zh, null, 'older run text')).toBe('older run text');
    for (const code of SYNC_NOTES) for (const t of [zh, en]) expect(noteText(t, { code, params: { hub: 'h', count: 1, threshold: 1 } }, 'raw')).toMatch(/^[^{}]{8,}$/);
    for (const reason of [...REJECT_REASONS, ...CONSOLE_REASONS]) for (const t of [zh, en]) expect(reasonHelp(t, { reason, message: 'raw', to: '101001/000009' })).toMatch(/^[^{}]{8,}$/);
    expect(reasonHelp(zh, { reason: 'recoded', message: 'raw', to: '101001/000009' })).toContain('本机目录已改为 101001/000009');
    expect(reasonHelp(zh, { reason: 'something-newer', message: 'the hub says why' })).toBe('the hub says why');
  });
});
