import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/platform/batch';
import type { Patch } from '../../../src/shared/sync';
import { creditCode, departmentPatch, entryPatch, hubRecord, mutation } from '../../support/sync-data';

/** The demand list at the hub (src/shared/sync-demand.ts through Batch): who files, assigns and answers, and what never changes. */
const WUHAN = '420100';
const JIANGAN = '420102';
const XIANGYANG = '420600';
const stats = creditCode(WUHAN, 4001);
const police = creditCode(JIANGAN, 4002);
const xiangyangPolice = creditCode(XIANGYANG, 4003);
const jianganHousing = creditCode(JIANGAN, 4005);
const CODE = '101001/000001';
const wuhan = { id: 1, name: 'wuhan', region: WUHAN };
const jiangan = { id: 2, name: 'jiangan', region: JIANGAN };
const hubei = { id: 3, name: 'hubei', region: '420000' };
const xiangyang = { id: 4, name: 'xiangyang', region: XIANGYANG };

const hubRecords = () => [
  hubRecord('department', stats, WUHAN, departmentPatch('武汉市统计局')),
  hubRecord('department', police, JIANGAN, departmentPatch('江岸区公安分局')),
  hubRecord('department', xiangyangPolice, XIANGYANG, departmentPatch('襄阳市公安局')),
  hubRecord('department', jianganHousing, JIANGAN, departmentPatch('江岸区住房保障局')),
  hubRecord('entry', CODE, JIANGAN, entryPatch(police, '江岸区流动人口居住登记信息', 'published')),
];
let clock = Date.parse('2026-11-30T08:00:00.000Z');
const event = (kind: string, actor: string, body = '', data: Record<string, unknown> | null = null) => ({ at: new Date((clock += 60_000)).toISOString(), kind, actor, body, data });
/** An answer names the department that gives it. */
const answer = (kind: 'fulfilled' | 'declined', actor: string, department: string, entry?: string) => event(kind, actor, '', entry ? { department, entry } : { department });
const KEY = 'wuhan/t1.1';
function filed(over: Patch = {}): Patch {
  return { requester: stats, title: '流动人口居住登记信息', description: '目录中没有流动人口数据。', filedAt: '2026-11-30T08:00:00.000Z', status: 'open', note: '', 'event.wuhan/t1.1': event('filed', '武汉科员'), ...over };
}
const assign = (by: string, n: number, to = police, region = JIANGAN) => ({ status: 'assigned', assignee: to, assignedRegion: region, note: '公安掌握', [`event.${by}/t1.${n}`]: event('assigned', '审核人') });

describe('a demand at the hub', () => {
  it('is filed only by a console holding the requester, as an open demand naming a department of its region', () => {
    const apply = (by: typeof wuhan, key: string, patch: Patch) => new Batch(hubRecords(), []).apply(mutation(1, 'demand', key, WUHAN, 0, patch), by);
    expect(apply(wuhan, KEY, filed())).toMatchObject({ status: 'applied', version: 1 });
    // The province files for a Wuhan department too (its scope holds it).
    expect(apply(hubei, 'hubei/t1.1', filed({ 'event.wuhan/t1.1': null, 'event.hubei/t1.1': event('filed', '省厅') }))).toMatchObject({ status: 'applied' });
    expect(apply(jiangan, 'jiangan/t1.1', filed({ 'event.wuhan/t1.1': null, 'event.jiangan/t1.1': event('filed', '江岸') }))).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    expect(apply(wuhan, 'jiangan/t1.1', filed())).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('not numbered by console wuhan') });
    expect(apply(wuhan, KEY, filed({ requester: police }))).toMatchObject({ status: 'rejected', reason: 'unknown-provider' });
    expect(apply(wuhan, KEY, filed({ status: 'assigned' }))).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(apply(wuhan, KEY, filed({ 'event.wuhan/t1.1': null }))).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(apply(wuhan, KEY, filed({ title: '' }))).toMatchObject({ status: 'rejected', reason: 'invalid' });
    // Filed and assigned in one push by the requester's console: both steps are its side's.
    expect(apply(wuhan, KEY, filed(assign('wuhan', 2)))).toMatchObject({ status: 'applied' });
    expect(apply(wuhan, KEY, filed(assign('wuhan', 2, police, WUHAN)))).toMatchObject({ status: 'rejected', reason: 'unknown-provider' });
  });

  it('is assigned by the authority over the requester, answered by the console of the department assigned, with that department\'s entry', () => {
    const batch = new Batch(hubRecords(), []);
    let id = 0;
    const apply = (by: typeof wuhan, base: number, patch: Patch) => batch.apply(mutation(++id, 'demand', KEY, WUHAN, base, patch), by);
    expect(apply(wuhan, 0, filed())).toMatchObject({ status: 'applied', version: 1 });
    // Jiangan is not the authority over Wuhan: it cannot assign the demand, not even to itself; Xiangyang not even see it.
    expect(apply(jiangan, 1, assign('jiangan', 5))).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(apply(xiangyang, 1, { note: '襄阳看看' })).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    expect(apply(hubei, 1, { assignee: police, assignedRegion: JIANGAN })).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('assignment') });
    expect(apply(hubei, 1, assign('hubei', 3))).toMatchObject({ status: 'applied', version: 2 });
    // Fixed once filed; recorded steps never rewritten.
    expect(apply(wuhan, 2, { title: '改了标题' })).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('title') });
    expect(apply(jiangan, 2, { 'event.wuhan/t1.1': null })).toMatchObject({ status: 'rejected', reason: 'invalid' });
    // A decline says why; a fulfilment names the assignee's entry.
    expect(apply(jiangan, 2, { status: 'declined', note: '', 'event.jiangan/t1.6': answer('declined', '江岸', police) })).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('says why') });
    expect(apply(jiangan, 2, { status: 'fulfilled', 'event.jiangan/t1.6': answer('fulfilled', '江岸', police) })).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('entry') });
    expect(apply(jiangan, 2, { status: 'fulfilled', entry: '101001/000009', 'event.jiangan/t1.6': answer('fulfilled', '江岸', police) })).toMatchObject({ status: 'rejected', reason: 'missing' });
    expect(apply(jiangan, 2, { status: 'fulfilled', entry: CODE, note: '见目录', 'event.jiangan/t1.6': answer('fulfilled', '江岸', police, CODE) })).toMatchObject({ status: 'applied', version: 3 });
    // Answered: nothing leads on (here the status and the entry no longer agree).
    expect(apply(hubei, 3, assign('hubei', 4, xiangyangPolice, XIANGYANG))).toMatchObject({ status: 'rejected' });
  });

  it('answered on two consoles at once: the later answer hears that it was answered already', () => {
    const batch = new Batch(hubRecords(), []);
    let id = 0;
    const apply = (by: typeof wuhan, base: number, patch: Patch) => batch.apply(mutation(++id, 'demand', KEY, WUHAN, base, patch), by);
    expect(apply(wuhan, 0, filed(assign('wuhan', 2)))).toMatchObject({ status: 'applied', version: 1 });
    expect(apply(jiangan, 1, { status: 'fulfilled', entry: CODE, note: '见目录', 'event.jiangan/t1.4': answer('fulfilled', '江岸', police, CODE) })).toMatchObject({ status: 'applied', version: 2 });
    // The city's console, which holds Jiangan too, declined meanwhile: its body lacks the entry it never saw.
    expect(apply(wuhan, 1, { status: 'declined', note: '不掌握该数据', 'event.wuhan/t1.9': answer('declined', '江岸', police) })).toMatchObject({ status: 'rejected', reason: 'illegal-transition', message: expect.stringContaining('is fulfilled at the hub') });
  });

  it('reassigned, is answered only by the department it is assigned to now', () => {
    const batch = new Batch(hubRecords(), []);
    let id = 0;
    const apply = (by: typeof wuhan, base: number, patch: Patch) => batch.apply(mutation(++id, 'demand', KEY, WUHAN, base, patch), by);
    expect(apply(wuhan, 0, filed(assign('wuhan', 2)))).toMatchObject({ status: 'applied', version: 1 });
    // The province names Xiangyang's police instead while Jiangan, offline, declines.
    expect(apply(hubei, 1, assign('hubei', 3, xiangyangPolice, XIANGYANG))).toMatchObject({ status: 'applied', version: 2 });
    expect(apply(jiangan, 1, { status: 'declined', note: '不掌握该数据', 'event.jiangan/t1.4': answer('declined', '江岸', police) })).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    // The requester's side does not answer for the provider (Wuhan's console holds Jiangan's departments, not Xiangyang's).
    expect(apply(wuhan, 2, { status: 'declined', note: '不掌握', 'event.wuhan/t1.8': answer('declined', '武汉', xiangyangPolice) })).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(apply(xiangyang, 2, { status: 'declined', note: '本局不掌握', 'event.xiangyang/t1.4': answer('declined', '襄阳', xiangyangPolice) })).toMatchObject({ status: 'applied', version: 3 });
  });

  it('reassigned within the answering console\'s region, no longer takes the answer of the department it was taken from', () => {
    const batch = new Batch(hubRecords(), []);
    let id = 0;
    const apply = (by: typeof wuhan, base: number, patch: Patch) => batch.apply(mutation(++id, 'demand', KEY, WUHAN, base, patch), by);
    expect(apply(wuhan, 0, filed(assign('wuhan', 2)))).toMatchObject({ status: 'applied', version: 1 });
    expect(apply(hubei, 1, assign('hubei', 3, jianganHousing, JIANGAN))).toMatchObject({ status: 'applied', version: 2 });
    // Jiangan's police, offline, declined what it still held as its own: Jiangan's console holds the housing bureau too.
    expect(apply(jiangan, 1, { status: 'declined', note: '不掌握该数据', 'event.jiangan/t1.4': answer('declined', '江岸公安', police) })).toMatchObject({ status: 'rejected', reason: 'illegal-transition', message: expect.stringContaining('no longer counts') });
    expect(apply(jiangan, 2, { status: 'declined', note: '不掌握该数据', 'event.jiangan/t1.5': event('declined', '江岸住建') })).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(apply(jiangan, 2, { status: 'declined', note: '本局不掌握', 'event.jiangan/t1.6': answer('declined', '江岸住建', jianganHousing) })).toMatchObject({ status: 'applied', version: 3 });
  });

  it('is not fulfilled with the entry holding a code the same push asked for and was refused', () => {
    // Jiangan's own new entry asked for a code another entry of its police holds: the demand does not take that one.
    const clash = new Batch(hubRecords(), []);
    expect(clash.apply(mutation(1, 'demand', KEY, WUHAN, 0, filed(assign('wuhan', 2))), wuhan)).toMatchObject({ status: 'applied' });
    expect(clash.apply(mutation(2, 'entry', CODE, JIANGAN, 0, entryPatch(police, '江岸区出租房屋登记信息')), jiangan)).toMatchObject({ status: 'rejected', reason: 'code-taken' });
    const fulfil = { status: 'fulfilled', entry: CODE, note: '新编目录', 'event.jiangan/t1.9': answer('fulfilled', '江岸', police, CODE) };
    expect(clash.apply(mutation(3, 'demand', KEY, WUHAN, 1, fulfil), jiangan)).toMatchObject({ status: 'rejected', reason: 'missing', message: expect.stringContaining('another code') });
  });

  it('is never assigned to the department that filed it', () => {
    expect(new Batch(hubRecords(), []).apply(mutation(1, 'demand', KEY, WUHAN, 0, filed(assign('wuhan', 2, stats, WUHAN))), wuhan)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('filed it') });
  });
});
