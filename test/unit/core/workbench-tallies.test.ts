/**
 * The workbench's counts come from tallies kept by triggers (m009); they must equal counting the
 * open items themselves, for every scope and filter, after items open, move, get reassigned and close.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../src/shared/contract';
import { WORK_KINDS } from '../../../src/shared/sharing';
import { saveWorkItem, type WorkItemRow } from '../../../src/main/core/sharing/records';
import { agencyCreditCodeOf } from '../../../src/main/core/directory/generator';
import { testCore } from '../../support/core';

const REGIONS = ['420102', '420106', '420600', '430100', '110101'];
const SCOPES = ['000000', '420000', '420100', '430000', '420102'];
const core = testCore({ clock: () => new Date('2026-11-20T10:00:00+08:00') });
afterAll(() => core.close());

const departments = REGIONS.map((region, i) => core.directory.departments.create({ regionCode: region, name: `部门${i}`, creditCode: agencyCreditCodeOf(region, 500 + i), parentId: null, contact: '' }, new Date().toISOString()).id);
const viewer = (scope: string): SessionUser => ({ id: 77, username: 'r', displayName: '审核人', roles: ['reviewer'], regionScope: scope, mustChangePassword: false, departmentId: null });

describe('workbench tallies', () => {
  it('equal a count of the open items in every scope, for every filter, through random changes', () => {
    const item = fc.record({
      kind: fc.constantFrom(...WORK_KINDS),
      refId: fc.integer({ min: 1, max: 40 }),
      open: fc.boolean(),
      stage: fc.constantFrom('filed', 'accepted'),
      a: fc.nat({ max: 4 }),
      b: fc.nat({ max: 4 }),
      assigned: fc.boolean(),
      due: fc.option(fc.constantFrom('2026-11-10', '2026-11-19', '2026-11-20', '2026-11-23', '2026-12-30'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 60 }), (items) => {
        core.db.exec('DELETE FROM work_scopes; DELETE FROM work_items;');
        for (const i of items) {
          const row: WorkItemRow = { kind: i.kind, refId: i.refId, open: i.open, stage: i.stage, title: 't', region: REGIONS[i.a]!, otherRegion: REGIONS[i.b]!, thirdRegion: REGIONS[i.b]!, departmentA: departments[i.a]!, departmentB: departments[i.b]!, assigneeId: i.assigned ? 77 : null, due: i.due, provisional: false };
          saveWorkItem(core.db, row);
        }
        for (const scope of SCOPES) {
          const all = core.sharing.workbench.queue(viewer(scope), {}, 0, 1000);
          for (const filter of [{}, { kind: 'request' as const }, { due: 'overdue' as const }, { due: 'soon' as const }, { mine: true }, { kind: 'sharing-dispute' as const, due: 'overdue' as const }, { stage: 'filed' }]) {
            const page = core.sharing.workbench.queue(viewer(scope), filter, 0, 1000);
            expect(page.total, `${scope} ${JSON.stringify(filter)}`).toBe(page.rows.length);
          }
          const rows = all.rows;
          expect(all.counts.byKind.request).toBe(rows.filter((r) => r.kind === 'request').length);
          expect(all.counts.mine).toBe(rows.filter((r) => r.assigneeId === 77).length);
          expect(all.counts.overdue).toBe(rows.filter((r) => r.countdown !== null && r.countdown.overdue).length);
        }
      }),
      { seed: 20_261_130, numRuns: 40 },
    );
  });
});
