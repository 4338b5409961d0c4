import { describe, expect, it } from 'vitest';
import { Batch, type HubRecord } from '../../../src/platform/batch';
import { creditCode, departmentPatch, entryPatch, mutation } from '../../support/sync-data';

/** The push rules applied in memory (src/platform/batch.ts), without a database. */
const WUHAN = '420100';
const bureau = creditCode(WUHAN, 1001);
const wuhanA = { id: 1, name: '武汉市甲', region: WUHAN };
const wuhanB = { id: 2, name: '武汉市乙', region: WUHAN };

function department(key: string, name: string, over: Partial<HubRecord> = {}): HubRecord {
  return { kind: 'department', key, region: WUHAN, version: 1, deleted: false, body: departmentPatch(name), origin: '武汉市甲', fieldVersions: { name: [1, '武汉市甲'] }, ...over };
}

describe('a push applied in memory', () => {
  it('lets a console overwrite its own field without a conflict, but not another console’s', () => {
    const batch = new Batch([department(bureau, '武汉市数据局')], []);
    expect(batch.apply(mutation(1, 'department', bureau, WUHAN, 0, { name: '武汉市数据局（新）' }), wuhanA)).toMatchObject({ status: 'applied', version: 2 });
    expect(batch.apply(mutation(1, 'department', bureau, WUHAN, 1, { name: '武汉市大数据局' }), wuhanB)).toMatchObject({ status: 'conflict', fields: ['name'], current: { version: 2 } });
    expect(batch.apply(mutation(2, 'department', bureau, WUHAN, 2, { name: '武汉市大数据局' }), wuhanB)).toMatchObject({ status: 'applied', version: 3 });
    expect(batch.changedRecords()).toHaveLength(1);
  });

  it('answers a base version from the future as a conflict, and a no-op with the current version', () => {
    const batch = new Batch([department(bureau, '武汉市数据局')], []);
    expect(batch.apply(mutation(1, 'department', bureau, WUHAN, 7, { name: '别的名字' }), wuhanA)).toMatchObject({ status: 'conflict', fields: ['name'] });
    expect(batch.apply(mutation(2, 'department', bureau, WUHAN, 1, { name: '武汉市数据局' }), wuhanB)).toEqual({ id: 2, status: 'applied', version: 1 });
    expect(batch.changedRecords()).toHaveLength(0);
  });

  it('recreates a tombstone from base version 0 and refuses edits of it', () => {
    const batch = new Batch([department(bureau, '', { deleted: true, body: {}, version: 4, fieldVersions: {} })], []);
    expect(batch.apply(mutation(1, 'department', bureau, WUHAN, 4, { contact: '027-1' }), wuhanA)).toMatchObject({ status: 'rejected', reason: 'missing' });
    expect(batch.apply(mutation(2, 'department', bureau, WUHAN, 0, departmentPatch('武汉市数据局')), wuhanA)).toMatchObject({ status: 'applied', version: 5 });
  });

  it('keeps a record in its region and department names unique within a region, renames included', () => {
    const other = creditCode(WUHAN, 1002);
    const batch = new Batch([department(bureau, '武汉市数据局'), department(other, '武汉市公安局')], [
      { key: bureau, region: WUHAN, name: '武汉市数据局' },
      { key: other, region: WUHAN, name: '武汉市公安局' },
    ]);
    expect(batch.apply(mutation(1, 'department', bureau, '420102', 1, { contact: 'x' }), wuhanA)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(batch.apply(mutation(2, 'department', other, WUHAN, 1, { name: '武汉市数据局' }), wuhanA)).toMatchObject({ status: 'rejected', reason: 'duplicate-name' });
    expect(batch.apply(mutation(3, 'department', bureau, WUHAN, 1, { name: '武汉市政务服务和大数据管理局' }), wuhanA)).toMatchObject({ status: 'applied' });
    expect(batch.apply(mutation(4, 'department', other, WUHAN, 1, { name: '武汉市数据局' }), wuhanA)).toMatchObject({ status: 'applied' });
  });

  it('accepts an entry whose provider was created earlier in the same push', () => {
    const batch = new Batch([], []);
    expect(batch.apply(mutation(1, 'department', bureau, WUHAN, 0, departmentPatch('武汉市数据局')), wuhanA)).toMatchObject({ status: 'applied' });
    expect(batch.apply(mutation(2, 'entry', '101001/000001', WUHAN, 0, entryPatch(bureau, '武汉市常住人口基础信息')), wuhanA)).toMatchObject({ status: 'applied', version: 1 });
  });

  it('takes which console a platform was handed over from only from the hub, whose administrator set it, or a child hub passing it on', () => {
    const body = { name: '武汉市平台', endpoints: { health: 'https://p.wuhan.gov.cn/health' }, probe: {}, maintenance: [], monitoredBy: '武汉市乙', handedOverFrom: ['武汉市甲'] };
    const platform: HubRecord = { kind: 'platform', key: 'p.gov', region: WUHAN, version: 2, deleted: false, body, origin: '武汉市乙', fieldVersions: { monitoredBy: [2, '武汉市乙'], handedOverFrom: [2, '武汉市乙'] } };
    const batch = new Batch([platform], []);
    // Its monitor's edits carry the mark as the hub has it.
    expect(batch.apply(mutation(1, 'platform', 'p.gov', WUHAN, 2, { name: '武汉市平台（新）' }), wuhanB)).toMatchObject({ status: 'applied', version: 3 });
    expect(batch.apply(mutation(2, 'platform', 'p.gov', WUHAN, 3, { handedOverFrom: ['别的控制台'] }), wuhanB)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringMatching(/hub's administrator/) });
    expect(batch.apply(mutation(3, 'platform', 'p.gov', WUHAN, 3, { handedOverFrom: null }), wuhanB)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringMatching(/handedOverFrom/) });
    // A new platform naming a console it came from would make that console give up its own.
    const fresh = { ...body, monitoredBy: '武汉市甲' };
    expect(batch.apply(mutation(4, 'platform', 'q.gov', WUHAN, 0, fresh), wuhanA)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringMatching(/handedOverFrom/) });
    const hub = { id: 9, name: '湖北省枢纽', region: '420000', isHub: true };
    expect(batch.apply(mutation(5, 'platform', 'q.gov', WUHAN, 0, fresh), hub)).toMatchObject({ status: 'applied', version: 1 });
  });
});
