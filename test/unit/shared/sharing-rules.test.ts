import { describe, expect, it } from 'vitest';
import { lowestCommonAncestor } from '../../../src/shared/regions';
import { notesAddedSince, notesBesideSteps } from '../../../src/shared/sync-case';
import { CASE_ACTIONS, CASE_STAGES, caseTransition, conflictOfInterest, REQUEST_ACTIONS, REQUEST_STATUSES, requestTransition } from '../../../src/shared/sharing';

describe('request state machine', () => {
  it('allows exactly the documented steps', () => {
    const allowed = REQUEST_STATUSES.flatMap((s) => REQUEST_ACTIONS.filter((a) => requestTransition(s, a) !== null).map((a) => `${s}:${a}→${requestTransition(s, a)}`));
    expect(allowed.sort()).toEqual(['approved:deliver→delivered', 'approved:withdraw→withdrawn', 'delivered:confirm→confirmed', 'filed:approve→approved', 'filed:refuse→refused', 'filed:withdraw→withdrawn']);
  });
});

describe('case state machine', () => {
  it('refuses every step from a closed or inadmissible case and lets escalation restart at raised', () => {
    for (const a of CASE_ACTIONS) {
      expect(caseTransition('closed', a), a).toBeNull();
      expect(caseTransition('inadmissible', a), a).toBeNull();
    }
    expect(caseTransition('decided', 'escalate')).toBe('raised');
    expect(caseTransition('raised', 'decide')).toBeNull();
    expect(caseTransition('awaiting-info', 'decide')).toBeNull();
    expect(caseTransition('assigned', 'comment')).toBe('assigned');
  });

  it('reaches closed only through a rating, from every open stage by some path', () => {
    const reachable = new Set<string>(['raised']);
    for (let round = 0; round < CASE_STAGES.length; round++) for (const s of [...reachable]) for (const a of CASE_ACTIONS) { const n = caseTransition(s as never, a); if (n) reachable.add(n); }
    expect([...reachable].sort()).toEqual([...CASE_STAGES].sort());
    expect(CASE_STAGES.filter((s) => caseTransition(s, 'rate') === 'closed').sort()).toEqual(['decided', 'remedied']);
  });
});

describe('routing to the lowest common ancestor', () => {
  const parents: Record<string, string | null> = { '000000': null, '420000': '000000', '430000': '000000', '420100': '420000', '420600': '420000', '420102': '420100', '420111': '420100', '429004': '420000', '430100': '430000' };
  const parentOf = (c: string) => parents[c] ?? null;
  it.each([
    ['420102', '420111', '420100', 'two districts of one city → the city'],
    ['420100', '420600', '420000', 'two cities of one province → the province'],
    ['429004', '420102', '420000', 'a county-level city directly under the province and a Wuhan district → the province'],
    ['420100', '430100', '000000', 'two provinces → national'],
    ['420100', '420102', '420100', 'a city and its own district → the city'],
  ])('%s and %s → %s (%s)', (a, b, expected) => {
    expect(lowestCommonAncestor(a, b, parentOf)).toBe(expected);
    expect(lowestCommonAncestor(b, a, parentOf)).toBe(expected);
  });
});

describe('conflict of interest', () => {
  it('refuses a reviewer from a party\'s department and the raiser, and accepts anyone else', () => {
    const parties = { raiserUserId: 7, departmentIds: [10, 20] };
    expect(conflictOfInterest({ id: 1, departmentId: 20 }, parties)).toBe('own-department');
    expect(conflictOfInterest({ id: 7, departmentId: null }, parties)).toBe('raiser');
    expect(conflictOfInterest({ id: 2, departmentId: 30 }, parties)).toBeNull();
    expect(conflictOfInterest({ id: 3, departmentId: null }, parties)).toBeNull();
  });
});

describe('a case change refused at the parent hub', () => {
  const event = (kind: string) => ({ at: '2026-12-02T09:00:00.000Z', kind, actor: '武汉审核', body: '', data: null });
  it('keeps the comments and evidence sent beside a step, and nothing when they were all it held', () => {
    const patch = { stage: 'accepted', 'event.武汉市/t1.2': event('accept'), 'event.武汉市二/t1.1': event('comment'), 'event.武汉市二/t1.2': event('evidence') };
    expect(notesBesideSteps(patch).sort()).toEqual(['event.武汉市二/t1.1', 'event.武汉市二/t1.2']);
    expect(notesBesideSteps({ 'event.武汉市二/t1.1': event('comment') })).toEqual([]);
    expect(notesBesideSteps({ stage: 'rejected', 'event.武汉市/t1.2': event('reject') })).toEqual([]);
  });

  it('keeps the comments and evidence added below while the change was on its way, not those it sent nor those the parent holds', () => {
    const sent = { stage: 'accepted', 'event.武汉市/t1.2': event('accept'), 'event.武汉市/t1.3': event('comment') };
    const parent = { stage: 'raised', 'event.武汉市/t1.1': event('raised'), 'event.国家/t1.1': event('comment') };
    const body = { ...parent, ...sent, 'event.武汉市二/t1.1': event('comment'), 'event.武汉市二/t1.2': event('evidence'), 'event.武汉市二/t1.3': event('decide') };
    expect(notesAddedSince(body, sent, parent).sort()).toEqual(['event.武汉市二/t1.1', 'event.武汉市二/t1.2']);
    expect(notesAddedSince(parent, {}, parent)).toEqual([]);
  });

  it('counts as notes exactly the actions that leave every stage as it was', () => {
    const stays = CASE_ACTIONS.filter((a) => CASE_STAGES.every((s) => [s, null].includes(caseTransition(s, a))));
    const asEvents = stays.map((a) => (a === 'add-evidence' ? 'evidence' : a));
    const kept = CASE_ACTIONS.map((a) => (a === 'add-evidence' ? 'evidence' : a)).filter((k) => notesBesideSteps({ 'event.甲/t1.1': event('accept'), 'event.乙/t1.1': event(k) }).length > 0);
    expect(kept.sort()).toEqual(asEvents.sort());
  });
});
