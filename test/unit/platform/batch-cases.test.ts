import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/platform/batch';
import type { Patch } from '../../../src/shared/sync';
import { creditCode, departmentPatch, hubRecord, mutation } from '../../support/sync-data';

/** Objections and disputes at the hub (src/shared/sync-case.ts through Batch): who raises, handles, answers, and what never changes. */
const XIANGYANG = '420600';
const JIANGAN = '420102';
const stats = creditCode(XIANGYANG, 3001);
const police = creditCode(JIANGAN, 3002);
const REQUEST = 'xiangyang/t1.1';
const xiangyang = { id: 1, name: 'xiangyang', region: XIANGYANG };
const jiangan = { id: 2, name: 'jiangan', region: JIANGAN };
const hubei = { id: 3, name: 'hubei', region: '420000' };
const wuhan = { id: 4, name: 'wuhan', region: '420100' };

const record = hubRecord;
const hubRecords = () => [
  record('department', stats, XIANGYANG, departmentPatch('襄阳市统计局')),
  record('department', police, JIANGAN, departmentPatch('江岸区公安分局')),
  record('request', REQUEST, JIANGAN, { requester: stats, provider: police, requesterRegion: XIANGYANG, status: 'refused' }),
];
let clock = Date.parse('2026-11-30T08:00:00.000Z');
const event = (kind: string, actor: string) => ({ at: new Date((clock += 60_000)).toISOString(), kind, actor, body: '', data: null });
function raised(over: Patch = {}): Patch {
  return {
    type: 'sharing-dispute', title: '统计核对申请被拒', description: '统计法授权统计机构获取相关数据。', request: REQUEST, raiser: stats, respondent: police, raiserRegion: XIANGYANG,
    handlingRegion: '420000', raisedAt: '2026-11-30T08:00:00.000Z', stage: 'raised', tier: 'authority', acceptDue: '2026-12-02', provisional: false, remedyNote: '', ratingComment: '',
    'event.xiangyang/t1.1': event('raised', '襄阳科员'), ...over,
  };
}
const KEY = 'xiangyang/t1.2';

describe('a case at the hub', () => {
  it('is raised by the raiser\'s side about a request between its parties, handled by a console holding the handling authority\'s region', () => {
    const refused = (by: typeof xiangyang, key: string, patch: Patch) => new Batch(hubRecords(), []).apply(mutation(1, 'case', key, JIANGAN, 0, patch), by);
    expect(refused(jiangan, 'jiangan/t1.1', raised({ 'event.xiangyang/t1.1': null, 'event.jiangan/t1.1': event('raised', '江岸') }))).toMatchObject({ status: 'rejected', reason: 'out-of-scope' });
    expect(refused(xiangyang, KEY, raised({ handlingRegion: '420600' }))).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('handling authority') });
    expect(refused(xiangyang, KEY, raised({ request: 'xiangyang/t1.9' }))).toMatchObject({ status: 'rejected', reason: 'missing' });
    expect(refused(xiangyang, KEY, raised({ stage: 'accepted', 'event.xiangyang/t1.3': event('accept', '襄阳科员') }))).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    const batch = new Batch(hubRecords(), []);
    expect(batch.apply(mutation(1, 'case', KEY, JIANGAN, 0, raised()), xiangyang)).toMatchObject({ status: 'applied', version: 1 });
    // The respondent cannot accept it, nor a console beside both; the province's can.
    const accept = { stage: 'accepted', acceptedAt: '2026-11-30T09:00:00.000Z', decideDue: '2026-12-21' };
    expect(batch.apply(mutation(2, 'case', KEY, JIANGAN, 1, { ...accept, 'event.jiangan/t1.5': event('accept', '江岸') }), jiangan)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(batch.apply(mutation(3, 'case', KEY, JIANGAN, 1, { ...accept, 'event.wuhan/t1.5': event('accept', '武汉') }), wuhan)).toMatchObject({ status: 'rejected' });
    expect(batch.apply(mutation(4, 'case', KEY, JIANGAN, 1, { ...accept, 'event.hubei/t1.1': event('accept', '湖北审核人') }), hubei)).toMatchObject({ status: 'applied', version: 2 });
    // What was raised is fixed; fields change only with a step; comments change nothing else.
    expect(batch.apply(mutation(5, 'case', KEY, JIANGAN, 2, { title: '改了标题', 'event.hubei/t1.2': event('comment', '湖北审核人') }), hubei)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('title') });
    expect(batch.apply(mutation(6, 'case', KEY, JIANGAN, 2, { decideDue: '2027-01-31', 'event.xiangyang/t1.4': event('comment', '襄阳科员') }), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('changes only with') });
    expect(batch.apply(mutation(7, 'case', KEY, JIANGAN, 2, { 'event.jiangan/t1.6': event('comment', '江岸') }), jiangan)).toMatchObject({ status: 'applied', version: 3 });
    // The decision is the authority's: a party cannot record one.
    const decide = { stage: 'decided', decision: 'upheld', reasoning: '理由', legalBasis: '依据', decidedAt: '2026-12-01T09:00:00.000Z', decidedBy: '江岸' };
    expect(batch.apply(mutation(8, 'case', KEY, JIANGAN, 3, { ...decide, 'event.jiangan/t1.7': event('decide', '江岸') }), jiangan)).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
  });

  it('lets each step set only its own fields, the asked party alone answer, and a child hub pass on two consoles\' steps whatever their clocks', () => {
    expect(new Batch(hubRecords(), []).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised({ decision: 'upheld' })), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('decision') });
    const batch = new Batch(hubRecords(), []);
    const at = { stage: 'raised' } as Patch;
    batch.apply(mutation(1, 'case', KEY, JIANGAN, 0, raised()), xiangyang);
    let version = 1;
    const step = (by: typeof hubei, patch: Patch) => {
      const result = batch.apply(mutation(version + 100, 'case', KEY, JIANGAN, version, patch), by);
      if (result.status === 'applied') version = result.version!;
      return result;
    };
    Object.assign(at, { stage: 'assigned' });
    expect(step(hubei, { stage: 'accepted', acceptedAt: '2026-11-30T09:00:00.000Z', decideDue: '2026-12-21', 'event.hubei/t1.1': event('accept', '湖北审核人') })).toMatchObject({ status: 'applied' });
    expect(step(hubei, { stage: 'assigned', assignee: '湖北审核人', 'event.hubei/t1.2': event('assign', '湖北审核人') })).toMatchObject({ status: 'applied' });
    const ask = { stage: 'awaiting-info', infoParty: 'raiser', infoQuestion: '请提供依据', infoAskedAt: '2026-12-01', 'event.hubei/t1.3': { ...event('request-info', '湖北审核人'), data: { party: 'raiser' } } };
    expect(step(hubei, ask)).toMatchObject({ status: 'applied' });
    const answer = (key: string) => ({ stage: 'assigned', infoParty: null, infoQuestion: null, infoAskedAt: null, [`event.${key}`]: event('provide-info', '某人') });
    // The raiser was asked: the respondent may not answer.
    expect(step(jiangan, answer('jiangan/t1.9'))).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(step(xiangyang, answer('xiangyang/t1.5'))).toMatchObject({ status: 'applied' });
    const decide = { stage: 'decided', decision: 'overturned', reasoning: '理由', legalBasis: '依据', decidedAt: '2026-12-02T09:00:00.000Z', decidedBy: '湖北审核人', remedyAction: '重新答复', remedyDepartment: police, remedyDue: '2026-12-09' };
    expect(step(hubei, { ...decide, 'event.hubei/t1.4': event('decide', '湖北审核人') })).toMatchObject({ status: 'applied' });
    // Rating does not touch the decision.
    expect(step(xiangyang, { stage: 'closed', rating: 4, decision: 'upheld', 'event.xiangyang/t1.6': event('rate', '襄阳科员') })).toMatchObject({ status: 'rejected', reason: 'invalid', message: expect.stringContaining('decision') });
    // A child hub passes on the respondent's remedy and the raiser's rating at once, the raiser's clock behind.
    const remedy = { ...event('complete-remedy', '江岸'), at: '2026-12-05T10:00:00.000Z' };
    const rate = { ...event('rate', '襄阳科员'), at: '2026-12-05T09:00:00.000Z' };
    const child = { id: 9, name: 'hubei-hub', region: '420000', isHub: true };
    expect(step(child, { stage: 'closed', remedyDoneAt: '2026-12-05T10:00:00.000Z', remedyNote: '已重新答复', rating: 4, ratingComment: '及时', 'event.jiangan/t1.10': remedy, 'event.xiangyang/t1.7': rate })).toMatchObject({ status: 'applied' });
    // The people's government decides last: no second escalation (the case is closed, and would be at that tier anyway).
    expect(step(xiangyang, { stage: 'raised', tier: 'government', 'event.xiangyang/t1.8': event('escalate', '襄阳科员') })).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
  });

  it('empties at an escalation the remedy another console completed after the escalating console\'s copy', () => {
    const batch = new Batch(hubRecords(), []);
    let version = 0;
    const step = (by: typeof hubei, base: number, patch: Patch) => {
      const result = batch.apply(mutation(base + 200, 'case', KEY, JIANGAN, base, patch), by);
      if (result.status === 'applied') version = result.version!;
      return result;
    };
    step(xiangyang, 0, raised());
    step(hubei, version, { stage: 'accepted', acceptedAt: '2026-11-30T09:00:00.000Z', decideDue: '2026-12-21', 'event.hubei/t1.1': event('accept', '湖北审核人') });
    step(hubei, version, { stage: 'assigned', assignee: '湖北审核人', 'event.hubei/t1.2': event('assign', '湖北审核人') });
    const decision = { decision: 'overturned', reasoning: '理由', legalBasis: '依据', decidedAt: '2026-12-02T09:00:00.000Z', decidedBy: '湖北审核人', remedyAction: '重新答复', remedyDepartment: police, remedyDue: '2026-12-09' };
    step(hubei, version, { stage: 'decided', ...decision, 'event.hubei/t1.3': event('decide', '湖北审核人') });
    const decided = version;
    // The respondent completes the remedy; the raiser, its copy still at "decided", escalates.
    expect(step(jiangan, decided, { stage: 'remedied', remedyDoneAt: '2026-12-05T10:00:00.000Z', remedyNote: '已重新答复', 'event.jiangan/t1.4': event('complete-remedy', '江岸') })).toMatchObject({ status: 'applied' });
    const emptied = Object.fromEntries(['assignee', 'decideDue', ...Object.keys(decision)].map((f) => [f, null]));
    expect(step(xiangyang, decided, { stage: 'raised', tier: 'government', acceptDue: '2026-12-10', ...emptied, 'event.xiangyang/t1.5': event('escalate', '襄阳科员') })).toMatchObject({ status: 'applied' });
    const body = batch.changedRecords().find((r) => r.key === KEY)!.body;
    expect(body).toMatchObject({ stage: 'raised', tier: 'government', remedyNote: '已重新答复' });
    expect(body.remedyDoneAt).toBeUndefined();
    expect(body.decision).toBeUndefined();
  });

  it('takes a new evidence event only once its file is at the hub, of the size it names; a console older than schema 16 keeps its files', () => {
    const FILE = 'a'.repeat(64);
    const evidence = (n: number, data: Record<string, unknown> | null) => ({ [`event.xiangyang/t1.${n}`]: { ...event('evidence', '襄阳科员'), body: '核对函.pdf', data } });
    const withFiles = (files: Record<string, number> | null) => {
      const batch = new Batch(hubRecords(), []);
      batch.files = files && new Map(Object.entries(files));
      return batch;
    };
    // Raised with its evidence: refused for now until the file is uploaded (the console keeps it and sends it again, files first).
    expect(withFiles({}).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: FILE, size: 82 }))), xiangyang)).toMatchObject({ status: 'rejected', reason: 'file-missing', message: expect.stringContaining('核对函.pdf') });
    expect(withFiles({ [FILE]: 81 }).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: FILE, size: 82 }))), xiangyang)).toMatchObject({ status: 'rejected', reason: 'file-missing' });
    expect(withFiles({ [FILE]: 82 }).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: 'A'.repeat(64), size: 82 }))), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(withFiles({ [FILE]: 82 }).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, null))), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    const batch = withFiles({ [FILE]: 82 });
    expect(batch.apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: FILE, size: 82 }))), xiangyang)).toMatchObject({ status: 'applied', version: 1 });
    // A later step checks only what it adds: the evidence recorded before is not asked for again.
    batch.files = new Map();
    const recorded = evidence(3, { evidenceId: 1, sha256: FILE, size: 82 });
    const again = { ...recorded, 'event.xiangyang/t1.4': event('comment', '襄阳科员') };
    // (a console's patch may carry the recorded event again, as it is: it is not a new one)
    Object.assign(again, { 'event.xiangyang/t1.3': (batch as unknown as { records: Map<string, { body: Patch }> }).records.get(`case\u0000${KEY}`)!.body['event.xiangyang/t1.3'] });
    expect(batch.apply(mutation(2, 'case', KEY, JIANGAN, 1, again), xiangyang)).toMatchObject({ status: 'applied', version: 2 });
    expect(batch.apply(mutation(3, 'case', KEY, JIANGAN, 2, evidence(5, { evidenceId: 2, sha256: 'b'.repeat(64), size: 10 })), xiangyang)).toMatchObject({ status: 'rejected', reason: 'file-missing' });
    // An older console or a child hub (no file check): its evidence event is taken, the file stays with it; one naming no file is not.
    expect(withFiles(null).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: FILE, size: 82 }))), xiangyang)).toMatchObject({ status: 'applied' });
    expect(withFiles(null).apply(mutation(1, 'case', KEY, JIANGAN, 0, raised(evidence(3, { evidenceId: 1, sha256: 42, size: 82 }))), xiangyang)).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });

  it('takes from a child hub the steps of its other consoles it would take alone, unless a field is set both by one taken and one refused', () => {
    const child = { id: 9, name: 'hubei-hub', region: '420000', isHub: true };
    const accepted = () => {
      const batch = new Batch(hubRecords(), []);
      batch.apply(mutation(1, 'case', KEY, JIANGAN, 0, raised()), xiangyang);
      batch.apply(mutation(2, 'case', KEY, JIANGAN, 1, { stage: 'accepted', acceptedAt: '2026-11-30T09:00:00.000Z', decideDue: '2026-12-21', 'event.hubei/t1.1': event('accept', '湖北审核人') }), hubei);
      return batch;
    };
    // Below the child hub one console accepted the case again, another then assigned it: the assignment alone is taken.
    const acceptBelow = { stage: 'accepted', acceptedAt: '2026-11-30T09:05:00.000Z', decideDue: '2026-12-22', 'event.hubei-a/t1.1': event('accept', '省厅审核') };
    const assign = { stage: 'assigned', assignee: '省厅审核人', 'event.hubei-b/t1.1': event('assign', '省厅处长') };
    const batch = accepted();
    expect(batch.apply(mutation(3, 'case', KEY, JIANGAN, 1, { ...acceptBelow, ...assign }), child)).toMatchObject({
      status: 'rejected',
      reason: 'illegal-transition',
      current: { version: 3, body: { stage: 'assigned', assignee: '省厅审核人', acceptedAt: '2026-11-30T09:00:00.000Z', decideDue: '2026-12-21', 'event.hubei-b/t1.1': { kind: 'assign' } } },
    });
    expect(batch.changedRecords()[0]!.body['event.hubei-a/t1.1']).toBeUndefined();
    // Decided too: whether the case is provisional is set by the refused acceptance and the decision taken, so nothing is taken.
    const decide = { stage: 'decided', provisional: true, decision: 'upheld', reasoning: '理由', legalBasis: '依据', decidedAt: '2026-12-01T09:00:00.000Z', decidedBy: '省厅审核人', 'event.hubei-b/t1.2': event('decide', '省厅审核人') };
    const whole = accepted();
    const refused = whole.apply(mutation(3, 'case', KEY, JIANGAN, 1, { ...acceptBelow, ...assign, ...decide }), child);
    expect(refused).toMatchObject({ status: 'rejected', reason: 'illegal-transition' });
    expect(refused).not.toHaveProperty('current');
    expect(whole.changedRecords()[0]!.version).toBe(2);
  });
});
