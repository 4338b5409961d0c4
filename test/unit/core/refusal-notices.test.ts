import { afterAll, describe, expect, it } from 'vitest';
import type { Rejection } from '../../../src/shared/sync';
import { NOTICES_PER_RUN, refusalNotices } from '../../../src/main/core/sync/refusal-notices';
import { testCore } from '../../support/core';

const core = testCore();
afterAll(() => core.close());
core.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sync.consoleRegion', '420100', '2026-12-01T00:00:00Z')").run();
const at = '2026-12-02T08:00:00.000Z';
const refusal = (key: string, extra: Partial<Rejection> = {}): Rejection => ({ kind: 'entry', key, reason: 'invalid', message: 'the hub says no', patch: { 'content.name': `目录 ${key}` }, region: '420102', fate: 'restored', ...extra });
const stored = (runId: number) => core.db.prepare('SELECT kind, region_code AS region, params FROM notifications WHERE subject_id = ? ORDER BY id').all(runId) as Array<{ kind: string; region: string; params: string }>;

describe("notices of a run's refusals", () => {
  it("tells each refused record to its region, or to the console's own when the record is another region's; a change sent again tells nobody", () => {
    const created = refusalNotices(core.db, 1, [refusal('101001/000001'), refusal('101001/000002', { retried: true, reason: 'file-missing' }), refusal('101001/000003', { kind: 'demand', region: '420600', reason: 'out-of-scope', patch: { title: '户籍人口迁移信息' } })], at);
    expect(created.map((n) => n.kind)).toEqual(['sync.refused', 'sync.refused']);
    expect(stored(1).map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { kind: 'sync.refused', region: '420102', params: { record: 'entry', key: '101001/000001', name: '目录 101001/000001', reason: 'invalid', to: null, fate: 'restored', run: 1 } },
      { kind: 'sync.refused', region: '420100', params: { record: 'demand', key: '101001/000003', name: '户籍人口迁移信息', reason: 'out-of-scope', to: null, fate: 'restored', run: 1 } },
    ]);
  });

  it('tells the same change refused again once, a different change again; never the days a monitor writes', () => {
    expect(refusalNotices(core.db, 3, [refusal('101001/000001'), refusal('420100-hub.gov/2026-12-01', { kind: 'platform-day' })], at)).toEqual([]);
    const edited = refusalNotices(core.db, 4, [refusal('101001/000001', { patch: { 'content.name': '目录 改名' } })], at);
    expect(edited.map((n) => [n.kind, n.params.key, n.params.run])).toEqual([['sync.refused', '101001/000001', 4]]);
  });

  it('tells a run with many refusals as one count per region', () => {
    const many = Array.from({ length: NOTICES_PER_RUN + 5 }, (_, i) => refusal(`101001/1${String(i).padStart(5, '0')}`, { region: i % 5 === 0 ? '420100' : '420102' }));
    refusalNotices(core.db, 2, many, at);
    expect(stored(2).map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { kind: 'sync.refused-many', region: '420100', params: { count: 5, run: 2 } },
      { kind: 'sync.refused-many', region: '420102', params: { count: 20, run: 2 } },
    ]);
  });
});
