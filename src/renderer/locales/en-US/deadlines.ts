import type { deadlines as zh } from '../zh-CN/deadlines';

export const deadlines: Record<keyof typeof zh, string> = {
  'deadlines.tab': 'Deadlines',
  'deadlines.intro': "Each data authority's deadlines for sharing requests, objections and disputes, in working days on the official calendar. A region without its own setting follows the nearest authority above it; the defaults apply where none has one.",
  'deadlines.region': 'Authority',
  'deadlines.workingDays': 'working days',
  'deadlines.saved': 'Deadlines saved; requests and cases filed from now on are counted with them',
  'deadlines.unconditionalGrant': 'Unconditional sharing: grant within',
  'deadlines.conditionalAnswer': 'Conditional sharing: answer within',
  'deadlines.notSharedAnswer': 'Not shared (with a justification): answer within',
  'deadlines.delivery': 'Delivery after approval within',
  'deadlines.caseAccept': 'Cases: accept within',
  'deadlines.caseVerify': 'Cases: verify within',
  'deadlines.caseDecide': 'Cases: decide within',
  'deadlines.remedyDefault': 'Remedial action: default deadline',
};
