import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/platform/batch';
import type { Patch } from '../../../src/shared/sync';
import { creditCode, departmentPatch, entryPatch, hubRecord, mutation } from '../../support/sync-data';

/** Sharing requests at the hub (src/shared/sync-request.ts through Batch): who may file, answer and step, and what never changes. */
const XIANGYANG = '420600';
const JIANGAN = '420102';
const stats = creditCode(XIANGYANG, 2001);
const police = creditCode(JIANGAN, 2002);
const CODE = '101001/000001';
const xiangyang = { id: 1, name: 'xiangyang', region: XIANGYANG };
const jiangan = { id: 2, name: 'jiangan', region: JIANGAN };
const guangzhou = { id: 3, name: 'guangzhou', region: '440100' };
const hubei = { id: 4, name: 'hubei', region: '420000' };

const record = hubRecord;
const hubRecords = (status: 'draft' | 'published' = 'published') => [
  record('department', stats, XIANGYANG, departmentPatch('襄阳市统计局')),
  record('department', police, JIANGAN, departmentPatch('江岸区公安分局')),
  record('entry', CODE, JIANGAN, entryPatch(police, '江岸区常住人口基础信息', status)),
];
const event = (kind: string, actor: string, at = '2026-11-30T08:00:00.000Z') => ({ at, kind, actor, body: '', data: null });
function filed(over: Patch = {}): Patch {
  return {
    entry: CODE, requester: stats, provider: police, requesterRegion: XIANGYANG, sharing: 'conditional', items: [], purpose: '人口统计核对', dutyBasis: '《统计法》第七条',
    scopeOfUse: '统计核对', durationMonths: 12, method: 'api', justification: '', filedAt: '2026-11-30T08:00:00.000Z', status: 'filed', conditions: '', refusalExplanation: '',
    'event.xiangyang/t1.1': event('filed', '襄阳科员'), ...over,
  };
}

describe('a sharing request at the hub', () => {
  it('is filed only by a console holding the requester, under its own name, for a published entry of the provider', () => {
    expect(new Batch(hubRecords(), []).apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed()), xiangyang)).toMatchObject({ status: 'applied', version: 1 });
    // A console above the requester (the province) files for it too.
    expect(new Batch(hubRecords(), []).apply(mutation(1, 'request', 'hubei/t1.1', JIANGAN, 0, filed({ 'event.xiangyang/t1.1': null, 'event.hubei/t1.1': event('filed', '省厅') })), hubei)).toMatchObject({ status: 'applied' });
    const refused = (by: typeof xiangyang, key: string, patch: Patch, records = hubRecords()) => new Batch(records, []).apply(mutation(1, 'request', key, JIANGAN, 0, patch), by);
    expect(refused(guangzhou, 'guangzhou/t1.1', filed({ 'event.xiangyang/t1.1': null, 'event.guangzhou/t1.1': event('filed', '广州') }))).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    // The provider's console cannot file in the requester's name.
    expect(refused(jiangan, 'jiangan/t1.1', filed({ 'event.xiangyang/t1.1': null, 'event.jiangan/t1.1': event('filed', '江岸') }))).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    expect(refused(xiangyang, 'jiangan/t1.1', filed())).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('not numbered by console xiangyang') });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ 'event.hubei/t1.7': event('approve', '省厅') }))).toMatchObject({ status: 'rejected', reason: 'invalid' });
    // 'missing': sent again at the console's next run, when the entry may be there published.
    expect(refused(xiangyang, 'xiangyang/t1.1', filed(), hubRecords('draft'))).toMatchObject({ status: 'rejected', reason: 'missing', message: expect.stringContaining('not published') });
    // What is asked must be what the entry offers.
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ sharing: 'unconditional' }))).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('shared conditional') });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ items: ['姓名', '血型'] }))).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('血型') });
    // Filed once, first, and by the steps sent: no status without its step.
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ 'event.xiangyang/t1.1': null }))).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ 'event.xiangyang/t1.2': event('filed', '襄阳科员') }))).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('cannot file it again') });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ status: 'withdrawn' }))).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ entry: '101001/000009' }))).toMatchObject({ status: 'rejected', reason: 'missing' });
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ requesterRegion: '420602' }))).toMatchObject({ status: 'rejected', reason: 'unknown-provider' });
    // Filed already answered: the requester's console alone cannot approve.
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ status: 'approved' }))).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    // Withdrawn before it was ever sent: the requester's own step.
    expect(refused(xiangyang, 'xiangyang/t1.1', filed({ status: 'withdrawn', 'event.xiangyang/t1.2': event('withdraw', '襄阳科员') }))).toMatchObject({ status: 'applied' });
  });

  it('is answered only by a console holding the provider, fixed in what it asks, its recorded steps never rewritten', () => {
    const batch = new Batch(hubRecords(), []);
    expect(batch.apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed()), xiangyang)).toMatchObject({ status: 'applied', version: 1 });
    const approve = { status: 'approved', conditions: '仅限统计核对', 'event.jiangan/t1.5': event('approve', '江岸审核') };
    expect(batch.apply(mutation(2, 'request', 'xiangyang/t1.1', JIANGAN, 1, approve), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(batch.apply(mutation(3, 'request', 'xiangyang/t1.1', JIANGAN, 1, { conditions: '襄阳自己写的条件' }), xiangyang)).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    expect(batch.apply(mutation(4, 'request', 'xiangyang/t1.1', JIANGAN, 1, { purpose: '改了用途' }), jiangan)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('purpose') });
    expect(batch.apply(mutation(5, 'request', 'xiangyang/t1.1', JIANGAN, 1, { 'event.xiangyang/t1.1': event('filed', '冒名') }), jiangan)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(batch.apply(mutation(6, 'request', 'xiangyang/t1.1', JIANGAN, 1, { 'event.xiangyang/t1.1': null }), jiangan)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(batch.apply(mutation(7, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'refused', 'event.jiangan/t1.6': event('refuse', '江岸审核') }), jiangan)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('reason') });
    expect(batch.apply(mutation(8, 'request', 'xiangyang/t1.1', JIANGAN, 1, approve), jiangan)).toMatchObject({ status: 'applied', version: 2 });
    // Another side's step, or a status without the step that leads to it, is no step of this console's.
    expect(batch.apply(mutation(10, 'request', 'xiangyang/t1.1', JIANGAN, 2, { 'event.xiangyang/t1.9': event('deliver', '襄阳科员') }), xiangyang)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(batch.apply(mutation(11, 'request', 'xiangyang/t1.1', JIANGAN, 2, { status: 'withdrawn' }), xiangyang)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(batch.apply(mutation(12, 'request', 'xiangyang/t1.1', JIANGAN, 2, { status: 'delivered', 'event.jiangan/t1.6': event('deliver', '江岸审核', '2026-11-30T09:00:00.000Z') }), jiangan)).toMatchObject({ status: 'applied', version: 3 });
    // A record never changes region.
    expect(batch.apply(mutation(9, 'request', 'xiangyang/t1.1', XIANGYANG, 3, { 'event.xiangyang/t1.9': event('withdraw', '襄阳科员') }), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });

  it('takes two consoles\' steps at once by the workflow from the hub\'s status: no conflict for a user, no step lost', () => {
    const batch = new Batch(hubRecords(), []);
    batch.apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed()), xiangyang);
    expect(batch.apply(mutation(2, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'approved', 'event.jiangan/t1.5': event('approve', '江岸审核') }), jiangan)).toMatchObject({ status: 'applied', version: 2 });
    // Wuhan withdrew the filed request offline (base 1): withdrawing follows approval too.
    expect(batch.apply(mutation(3, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'withdrawn', 'event.xiangyang/t1.2': event('withdraw', '襄阳科员') }), xiangyang)).toMatchObject({ status: 'applied', version: 3 });
    const [held] = batch.changedRecords();
    expect(held!.body).toMatchObject({ status: 'withdrawn', 'event.xiangyang/t1.1': { kind: 'filed' }, 'event.jiangan/t1.5': { kind: 'approve' }, 'event.xiangyang/t1.2': { kind: 'withdraw' } });
    // Jiangan delivers what it still thinks approved: the hub's status says no.
    expect(batch.apply(mutation(4, 'request', 'xiangyang/t1.1', JIANGAN, 2, { status: 'delivered', 'event.jiangan/t1.6': event('deliver', '江岸审核') }), jiangan)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
  });

  it('orders one console\'s steps by their numbers, whatever its clock said, and never lets an answer change without its step', () => {
    // Filed at 08:00, withdrawn offline after the clock was set back to 07:00: the numbers say which came first.
    expect(new Batch(hubRecords(), []).apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed({ status: 'withdrawn', 'event.xiangyang/t1.2': event('withdraw', '襄阳科员', '2026-11-30T07:00:00.000Z') })), xiangyang)).toMatchObject({ status: 'applied' });
    const batch = new Batch(hubRecords(), []);
    batch.apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed()), xiangyang);
    const province = { id: 5, name: 'hubei-b', region: '420000' };
    expect(batch.apply(mutation(2, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'approved', conditions: '条件甲', 'event.jiangan/t1.5': event('approve', '江岸审核') }), jiangan)).toMatchObject({ status: 'applied' });
    // A second approval from another console holding the provider is no step: refused, not a conflict.
    expect(batch.apply(mutation(3, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'approved', conditions: '条件乙', 'event.hubei-b/t1.1': event('approve', '省厅') }), province)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    // Nor may the conditions change on their own.
    expect(batch.apply(mutation(4, 'request', 'xiangyang/t1.1', JIANGAN, 2, { conditions: '条件乙' }), province)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('approval') });
  });

  it('takes from a child hub the steps of its other consoles it would take alone, and answers the refusal with the record as it is now', () => {
    const batch = new Batch(hubRecords(), []);
    batch.apply(mutation(1, 'request', 'xiangyang/t1.1', JIANGAN, 0, filed()), xiangyang);
    expect(batch.apply(mutation(2, 'request', 'xiangyang/t1.1', JIANGAN, 1, { status: 'approved', conditions: '江岸条件', 'event.jiangan/t1.5': event('approve', '江岸审核') }), jiangan)).toMatchObject({ status: 'applied', version: 2 });
    // Below the province's hub, one console approved the filed request, another then withdrew it.
    const below = { status: 'withdrawn', conditions: '省厅条件', 'event.hubei-a/t1.1': event('approve', '省厅审核', '2026-11-30T09:00:00.000Z'), 'event.hubei-b/t1.1': event('withdraw', '襄阳科员', '2026-11-30T09:10:00.000Z') };
    // A console sending both (its own numbers) is refused as a whole: its withdrawal followed its own approval.
    const province = { id: 5, name: 'hubei-a', region: '420000' };
    const alone = { ...below, 'event.hubei-b/t1.1': null, 'event.hubei-a/t1.2': event('withdraw', '襄阳科员', '2026-11-30T09:10:00.000Z') };
    const refused = batch.apply(mutation(3, 'request', 'xiangyang/t1.1', JIANGAN, 1, alone), province);
    expect(refused).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(refused).not.toHaveProperty('current');
    // The child hub passing on both: the second approval is refused, the withdrawal taken alone.
    const child = { id: 9, name: 'hubei-hub', region: '420000', isHub: true };
    const answer = batch.apply(mutation(4, 'request', 'xiangyang/t1.1', JIANGAN, 1, below), child);
    expect(answer).toMatchObject({ status: 'rejected', reason: 'illegal-transition', message: expect.stringContaining('other steps are taken'), current: { version: 3, body: { status: 'withdrawn', conditions: '江岸条件' } } });
    const [held] = batch.changedRecords();
    expect(held!.body).toEqual((answer as { current: { body: unknown } }).current.body);
    expect(Object.keys(held!.body).filter((f) => f.startsWith('event.'))).toEqual(['event.xiangyang/t1.1', 'event.jiangan/t1.5', 'event.hubei-b/t1.1']);
  });
});
