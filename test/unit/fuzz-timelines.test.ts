import { describe, expect, it } from 'vitest';
import type { CaseStage } from '../../src/shared/sharing';
import { caseTimelineProblem } from '../support/sync-fuzz-cases';

/** The sharing fuzzer's check of a case's final timeline (test/support/sync-fuzz-cases.ts) finds what it should. */
const check = (kinds: string[], stage: CaseStage, tier = 'authority') =>
  caseTimelineProblem(kinds.map((kind) => (kind === 'decide+remedy' ? { kind: 'decide', data: { remedy: '更正数据' } } : { kind, data: null })), stage, tier);

describe("the fuzzer's case timeline check", () => {
  it('takes the timelines the workflow allows', () => {
    expect(check(['raised', 'comment', 'accept', 'assign', 'request-info', 'provide-info', 'decide+remedy', 'complete-remedy', 'rate'], 'closed')).toBeNull();
    expect(check(['raised', 'accept', 'assign', 'decide', 'escalate', 'accept', 'assign', 'assign', 'decide'], 'decided', 'government')).toBeNull();
    expect(check(['raised', 'accept', 'assign', 'decide', 'escalate'], 'raised', 'government')).toBeNull();
    expect(check(['raised', 'reject'], 'inadmissible')).toBeNull();
    expect(check(['raised', 'accept', 'assign', 'request-info'], 'awaiting-info')).toBeNull();
  });

  it('finds a step taken twice, a step after the end, a stage without the step into it and a tier that does not follow', () => {
    for (const [kinds, stage, tier] of [
      [['raised', 'raised'], 'raised'],
      [['raised', 'accept', 'accept'], 'accepted'],
      [['raised', 'accept'], 'assigned'],
      [['raised', 'accept', 'assign', 'request-info', 'provide-info', 'provide-info'], 'assigned'],
      [['raised', 'accept', 'assign', 'decide+remedy', 'complete-remedy', 'complete-remedy'], 'remedied'],
      [['raised', 'accept', 'assign', 'decide', 'complete-remedy'], 'remedied'],
      [['raised', 'reject', 'accept', 'assign'], 'assigned'],
      [['raised', 'decide'], 'decided'],
      [['raised', 'accept', 'assign', 'decide', 'decide'], 'decided'],
      [['raised', 'accept', 'assign', 'decide', 'rate', 'escalate'], 'raised', 'government'],
      [['raised', 'accept', 'assign', 'decide', 'escalate'], 'raised', 'authority'],
      [['raised', 'accept', 'assign', 'decide', 'rate', 'rate'], 'closed'],
    ] as Array<[string[], CaseStage, string?]>) {
      expect(check(kinds, stage, tier), `${kinds.join(',')} at ${stage}`).not.toBeNull();
    }
  });
});
