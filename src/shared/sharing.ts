/**
 * Sharing requests, the demand list, and objections and disputes (issue #5, domain.md §4-5): the
 * state machines, who acts at each step, and what the screens exchange. Pure rules only.
 */
import { z } from 'zod';
import { regionCodeSchema } from './schemas';

// ---------------------------------------------------------------- sharing requests

/**
 * filed → approved (possibly with conditions) → delivered (by the provider) → confirmed (by the
 * requester); filed → refused (a reason from the list and a written explanation); filed or approved
 * → withdrawn (by the requester).
 */
export const REQUEST_STATUSES = ['filed', 'approved', 'refused', 'delivered', 'confirmed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_ACTIONS = ['approve', 'refuse', 'deliver', 'confirm', 'withdraw'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];
/** Which side of the request may take an action. */
export const REQUEST_ACTOR: Record<RequestAction, 'provider' | 'requester'> = { approve: 'provider', refuse: 'provider', deliver: 'provider', confirm: 'requester', withdraw: 'requester' };
const REQUEST_MOVES: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  approve: { from: ['filed'], to: 'approved' },
  refuse: { from: ['filed'], to: 'refused' },
  deliver: { from: ['approved'], to: 'delivered' },
  confirm: { from: ['delivered'], to: 'confirmed' },
  withdraw: { from: ['filed', 'approved'], to: 'withdrawn' },
};

/** The next status, or null when the action is not allowed from this status. */
export function requestTransition(status: RequestStatus, action: RequestAction): RequestStatus | null {
  const move = REQUEST_MOVES[action];
  return move.from.includes(status) ? move.to : null;
}

export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = ['filed', 'approved', 'delivered'];

/** Reasons seen in practice (domain.md §4); every refusal also carries a written explanation. */
export const REFUSAL_REASONS = ['not-permitted-by-law', 'not-held', 'not-ready', 'other'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const SHARING_METHODS_REQUESTED = ['api', 'file', 'database'] as const;

/** Deadlines in working days (domain.md §4-5 defaults), configurable per authority. */
export const deadlinePolicySchema = z
  .object({
    unconditionalGrant: z.number().int().min(0).max(60).default(1),
    conditionalAnswer: z.number().int().min(1).max(60).default(10),
    notSharedAnswer: z.number().int().min(1).max(60).default(10),
    delivery: z.number().int().min(1).max(120).default(20),
    caseAccept: z.number().int().min(1).max(60).default(2),
    caseVerify: z.number().int().min(1).max(60).default(5),
    caseDecide: z.number().int().min(1).max(120).default(15),
    remedyDefault: z.number().int().min(1).max(120).default(10),
  })
  .strict();
export type DeadlinePolicy = z.output<typeof deadlinePolicySchema>;
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = deadlinePolicySchema.parse({});

export const requestInputSchema = z
  .object({
    entryId: z.number().int().positive(),
    /** The requesting department (of the requesting official's region). */
    departmentId: z.number().int().positive(),
    /** Data item names wanted; empty: the whole entry. */
    items: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
    purpose: z.string().trim().min(2).max(2000),
    /** 履职依据: the duty the data serves (law, regulation, mandate). */
    dutyBasis: z.string().trim().min(2).max(2000),
    scopeOfUse: z.string().trim().min(2).max(2000),
    /** How long the data will be used, in months (0: one-off). */
    durationMonths: z.number().int().min(0).max(120),
    method: z.enum(SHARING_METHODS_REQUESTED),
    /** Required for an entry that is not shared: why the request should still be granted. */
    justification: z.string().trim().max(2000).default(''),
  })
  .strict();
export type RequestInput = z.input<typeof requestInputSchema>;
export type RequestFields = z.output<typeof requestInputSchema>;

export interface Countdown {
  /** YYYY-MM-DD (China). */
  due: string;
  provisional: boolean;
  /** Working days left (negative: overdue by that many). */
  workingDaysLeft: number;
  overdue: boolean;
  /** Due today or on the next working day. */
  dueSoon: boolean;
}

export interface SharingRequestSummary {
  id: number;
  entryId: number;
  entryName: string;
  resourceCode: string;
  sharing: string;
  requesterDepartment: string;
  requesterRegion: string;
  providerDepartment: string;
  providerRegion: string;
  status: RequestStatus;
  filedAt: string;
  countdown: Countdown | null;
}

export interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  actor: string | null;
  body: string;
  data: Record<string, unknown> | null;
}

export interface SharingRequestDetail extends SharingRequestSummary {
  departmentIds: { requester: number; provider: number };
  items: string[];
  purpose: string;
  dutyBasis: string;
  scopeOfUse: string;
  durationMonths: number;
  method: string;
  justification: string;
  conditions: string;
  refusal: { reason: RefusalReason; explanation: string } | null;
  revision: number;
  timeline: TimelineEvent[];
  /** Cases raised about this request. */
  cases: Array<{ id: number; type: CaseType; stage: CaseStage }>;
  /** What the caller may do now (the core decides again when it is done). */
  actions: RequestAction[];
}

export const DEMAND_STATUSES = ['open', 'assigned', 'fulfilled', 'declined'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export interface Demand {
  id: number;
  title: string;
  description: string;
  requesterDepartment: string;
  requesterRegion: string;
  status: DemandStatus;
  assignedDepartment: string | null;
  assignedDepartmentId: number | null;
  entryId: number | null;
  note: string;
  createdAt: string;
}

// ---------------------------------------------------------------- objections and disputes

export const CASE_TYPES = ['data-objection', 'directory-objection', 'sharing-dispute'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/**
 * raised → accepted (the handling authority takes it) or inadmissible (with reasons) → assigned to
 * a reviewer of that authority → awaiting-info while a party is asked for information (the
 * decision clock pauses) → decided (upheld / overturned / partly, reasoning, legal basis, maybe a
 * remedial action with its own deadline) → remedied (the party completed the action) → closed
 * (the raiser rated it 1-5). Escalation sends a decided case to the next tier: from the data
 * authority's coordination to the people's government at that level (domain.md §5).
 */
export const CASE_STAGES = ['raised', 'accepted', 'inadmissible', 'assigned', 'awaiting-info', 'decided', 'remedied', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CASE_TIERS = ['authority', 'government'] as const;
export type CaseTier = (typeof CASE_TIERS)[number];
export const DECISIONS = ['upheld', 'overturned', 'partly'] as const;
export type Decision = (typeof DECISIONS)[number];

export const CASE_ACTIONS = ['accept', 'reject', 'assign', 'request-info', 'provide-info', 'decide', 'complete-remedy', 'escalate', 'rate', 'comment', 'add-evidence'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who may take an action: a reviewer of the handling authority, the case's assignee, or a party. */
export const CASE_ACTOR: Record<CaseAction, 'authority' | 'assignee' | 'raiser' | 'respondent' | 'asked-party' | 'anyone'> = {
  accept: 'authority',
  reject: 'authority',
  assign: 'authority',
  'request-info': 'assignee',
  'provide-info': 'asked-party',
  decide: 'assignee',
  'complete-remedy': 'respondent',
  escalate: 'raiser',
  rate: 'raiser',
  comment: 'anyone',
  'add-evidence': 'anyone',
};

const CASE_MOVES: Partial<Record<CaseAction, { from: readonly CaseStage[]; to: CaseStage | 'same' }>> = {
  accept: { from: ['raised'], to: 'accepted' },
  reject: { from: ['raised'], to: 'inadmissible' },
  // Re-assigning an assigned case hands it to another reviewer.
  assign: { from: ['accepted', 'assigned'], to: 'assigned' },
  'request-info': { from: ['assigned'], to: 'awaiting-info' },
  'provide-info': { from: ['awaiting-info'], to: 'assigned' },
  decide: { from: ['assigned'], to: 'decided' },
  'complete-remedy': { from: ['decided'], to: 'remedied' },
  escalate: { from: ['decided', 'remedied'], to: 'raised' },
  rate: { from: ['decided', 'remedied'], to: 'closed' },
  comment: { from: ['raised', 'accepted', 'assigned', 'awaiting-info', 'decided', 'remedied'], to: 'same' },
  'add-evidence': { from: ['raised', 'accepted', 'assigned', 'awaiting-info', 'decided', 'remedied'], to: 'same' },
};

export function caseTransition(stage: CaseStage, action: CaseAction): CaseStage | null {
  const move = CASE_MOVES[action];
  if (!move || !move.from.includes(stage)) return null;
  return move.to === 'same' ? stage : move.to;
}

export const OPEN_CASE_STAGES: readonly CaseStage[] = ['raised', 'accepted', 'assigned', 'awaiting-info', 'decided', 'remedied'];

/**
 * Conflict of interest (domain.md §5): no reviewer from a party's own department, and never the
 * person who raised the case.
 */
export function conflictOfInterest(reviewer: { id: number; departmentId: number | null }, parties: { raiserUserId: number | null; departmentIds: readonly number[] }): 'own-department' | 'raiser' | null {
  if (reviewer.id === parties.raiserUserId) return 'raiser';
  if (reviewer.departmentId !== null && parties.departmentIds.includes(reviewer.departmentId)) return 'own-department';
  return null;
}

export const caseInputSchema = z
  .object({
    type: z.enum(CASE_TYPES),
    /** The raising department (of the raising official's region). */
    departmentId: z.number().int().positive(),
    /** What it is about: a request (disputes), an entry (objections), or neither (a department). */
    requestId: z.number().int().positive().nullable().default(null),
    entryId: z.number().int().positive().nullable().default(null),
    /** The department answering, when neither a request nor an entry names it. */
    respondentDepartmentId: z.number().int().positive().nullable().default(null),
    title: z.string().trim().min(2).max(200),
    description: z.string().trim().min(2).max(5000),
  })
  .strict()
  .refine((c) => c.requestId !== null || c.entryId !== null || c.respondentDepartmentId !== null, { message: 'name the request, the entry or the department the case is about', path: ['respondentDepartmentId'] })
  .refine((c) => c.type !== 'sharing-dispute' || c.requestId !== null, { message: 'a sharing dispute is about a request', path: ['requestId'] })
  .refine((c) => c.type !== 'directory-objection' || c.entryId !== null, { message: 'a directory objection is about an entry', path: ['entryId'] });
export type CaseInput = z.input<typeof caseInputSchema>;

export interface CaseSummary {
  id: number;
  type: CaseType;
  title: string;
  stage: CaseStage;
  tier: CaseTier;
  handlingRegion: string;
  handlingRegionName: string;
  raiserDepartment: string;
  respondentDepartment: string;
  assignee: string | null;
  assigneeId: number | null;
  raisedAt: string;
  countdown: Countdown | null;
}

export interface Evidence {
  id: number;
  fileName: string;
  size: number;
  sha256: string;
  mime: string;
  uploadedBy: string;
  uploadedAt: string;
  /** Whether the file is on this console: one added on another console is fetched from the hub. */
  held: boolean;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  requestId: number | null;
  entryId: number | null;
  departmentIds: { raiser: number; respondent: number };
  raiserRegion: string;
  respondentRegion: string;
  decision: { outcome: Decision; reasoning: string; legalBasis: string; at: string; by: string } | null;
  remedy: { action: string; departmentId: number; department: string; countdown: Countdown | null; completedAt: string | null; note: string } | null;
  rating: { stars: number; comment: string } | null;
  infoRequest: { party: 'raiser' | 'respondent'; question: string; askedAt: string } | null;
  evidence: Evidence[];
  timeline: TimelineEvent[];
  revision: number;
  actions: CaseAction[];
}

// ---------------------------------------------------------------- the reviewer's workbench

export const WORK_KINDS = ['request', ...CASE_TYPES] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const queueFilterSchema = z
  .object({
    kind: z.enum(WORK_KINDS).optional(),
    stage: z.string().trim().min(1).max(30).optional(),
    region: regionCodeSchema.optional(),
    assigneeId: z.number().int().positive().optional(),
    /** Only what is assigned to the caller. */
    mine: z.boolean().default(false),
    departmentId: z.number().int().positive().optional(),
    /** overdue: past due; soon: due today or the next working day. */
    due: z.enum(['overdue', 'soon']).optional(),
  })
  .strict();
export type QueueFilter = z.input<typeof queueFilterSchema>;

export interface WorkItem {
  kind: WorkKind;
  /** The request's or the case's id. */
  refId: number;
  title: string;
  stage: string;
  region: string;
  regionName: string;
  parties: string;
  assignee: string | null;
  assigneeId: number | null;
  countdown: Countdown | null;
}

export interface QueuePage {
  rows: WorkItem[];
  total: number;
  counts: { overdue: number; soon: number; mine: number; byKind: Record<WorkKind, number> };
}

export const EVIDENCE_MAX_BYTES_DEFAULT = 50 * 1024 * 1024;
/** File kinds accepted as evidence: documents and images that are opened, never run. */
export const EVIDENCE_TYPES: Record<string, { mime: string; magic: number[] | null }> = {
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  ofd: { mime: 'application/ofd', magic: [0x50, 0x4b, 0x03, 0x04] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
  txt: { mime: 'text/plain', magic: null },
  csv: { mime: 'text/csv', magic: null },
};
