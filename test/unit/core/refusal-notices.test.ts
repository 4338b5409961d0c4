import { afterAll, describe, expect, it } from 'vitest';
import type { Rejection } from '../../../src/shared/sync';
import { NOTICES_PER_RUN, refusalNotices } from '../../../src/main/core/sync/refusal-notices';
import { testCore } from '../../support/core';

const core = testCore();
afterAll(() => core.close());
core.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sync.consoleRegion', '420100', '2026-12-01T00:00:00Z')").run();
const at = '2026-12-02T08:00:00.000Z';
const refusal = (key: string, extra: Partial<Rejection> = {}): Rejection => ({ kind: 'entry', key, reason: 'invalid', message: 'the hub says no', patch: { 'content.name': `目录 ${key}` }, region: '420102', ...extra });
const stored = (runId: number) => core.db.prepare('SELECT kind, region_code AS region, params FROM notifications WHERE subject_id = ? ORDER BY id').all(runId) as Array<{ kind: string; region: string; params: string }>;

describe("notices of a run's refusals", () => {
  it("tells each refused record to its region, or to the console's own when the record is another region's; a change sent again tells nobody", () => {
    const created = refusalNotices(core.db, 1, [refusal('101001/000001'), refusal('101001/000002', { retried: true, reason: 'file-missing' }), refusal('101001/000003', { kind: 'demand', region: '420600', reason: 'out-of-scope', patch: { title: '户籍人口迁移信息' } })], at);
    expect(created.map((n) => n.kind)).toEqual(['sync.refused', 'sync.refused']);
    expect(stored(1).map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { kind: 'sync.refused', region: '420102', params: { record: 'entry', key: '101001/000001', name: '目录 101001/000001', reason: 'invalid', to: null } },
      { kind: 'sync.refused', region: '420100', params: { record: 'demand', key: '101001/000003', name: '户籍人口迁移信息', reason: 'out-of-scope', to: null } },
    ]);
    // The same run's refusals are told once, whoever asks again.
    expect(refusalNotices(core.db, 1, [refusal('101001/000001')], at)).toEqual([]);
  });

  it('tells a run with many refusals as one count per region', () => {
    const many = Array.from({ length: NOTICES_PER_RUN + 5 }, (_, i) => refusal(`101001/1${String(i).padStart(5, '0')}`, { region: i % 5 === 0 ? '420100' : '420102' }));
    refusalNotices(core.db, 2, many, at);
    expect(stored(2).map((n) => ({ ...n, params: JSON.parse(n.params) as unknown }))).toEqual([
      { kind: 'sync.refused-many', region: '420100', params: { count: 5 } },
      { kind: 'sync.refused-many', region: '420102', params: { count: 20 } },
    ]);
  });
});
