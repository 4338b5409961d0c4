import { describe, expect, it } from 'vitest';
import { caseTimelineProblem } from '../support/sync-fuzz-cases';

/** The sharing fuzzer's check of a case's final timeline (test/support/sync-fuzz-cases.ts) finds what it should. */
describe("the fuzzer's case timeline check", () => {
  it('takes the timelines the workflow allows', () => {
    expect(caseTimelineProblem(['raised', 'comment', 'accept', 'assign', 'request-info', 'provide-info', 'decide', 'complete-remedy', 'rate'], 'closed')).toBeNull();
    expect(caseTimelineProblem(['raised', 'accept', 'assign', 'decide', 'escalate', 'accept', 'assign', 'assign', 'decide'], 'decided')).toBeNull();
    expect(caseTimelineProblem(['raised', 'reject'], 'inadmissible')).toBeNull();
  });

  it('finds a step applied twice, a stage without the step into it, and a second decision of one tier', () => {
    expect(caseTimelineProblem(['raised', 'raised'], 'raised')).toMatch(/raised after raised,raised/);
    expect(caseTimelineProblem(['raised', 'accept'], 'assigned')).not.toBeNull();
    expect(caseTimelineProblem(['raised', 'accept', 'assign', 'decide', 'decide'], 'decided')).not.toBeNull();
    expect(caseTimelineProblem(['raised', 'accept', 'assign', 'decide', 'rate', 'rate'], 'closed')).not.toBeNull();
    expect(caseTimelineProblem(['raised', 'accept', 'assign', 'rate'], 'closed')).not.toBeNull();
  });
});
