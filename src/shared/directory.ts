/**
 * The government data directory (政务数据目录, domain.md §3): the vocabulary of an entry's core
 * metadata and the rules that hold whatever screen or import produced it.
 */
import { z } from 'zod';

export const RESOURCE_CLASSES = ['base', 'theme', 'department'] as const;
export const SHARING_ATTRIBUTES = ['unconditional', 'conditional', 'not-shared'] as const;
export const OPEN_ATTRIBUTES = ['open', 'conditional', 'not-open'] as const;
export const UPDATE_CYCLES = ['real-time', 'daily', 'weekly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'irregular'] as const;
export const RESOURCE_FORMATS = ['database', 'file', 'api'] as const;
export const SHARING_METHODS = ['platform-api', 'file', 'database-exchange'] as const;
export const ITEM_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'binary'] as const;
export const MOUNT_KINDS = ['table', 'api', 'file'] as const;

export type ResourceClass = (typeof RESOURCE_CLASSES)[number];
export type SharingAttribute = (typeof SHARING_ATTRIBUTES)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

/** The first digit of a classification code: 1 base, 2 theme, 3 department resources. */
export const CLASS_DIGIT: Record<ResourceClass, string> = { base: '1', theme: '2', department: '3' };

/**
 * Classification code (前段码): class (1 digit) + item 项 (2) + category 目 (3) + optional
 * sub-category 细目 (3). Resource code: classification code + "/" + a six-digit sequence (后段码).
 */
const CLASSIFICATION = /^[123]\d{2}\d{3}(\d{3})?$/;
const RESOURCE_CODE = /^([123]\d{5}(?:\d{3})?)\/(\d{6})$/;

export const isClassificationCode = (code: string) => CLASSIFICATION.test(code);
export const isResourceCode = (code: string) => RESOURCE_CODE.test(code);

export function resourceCode(classification: string, sequence: number): string {
  if (!isClassificationCode(classification)) throw new RangeError(`not a classification code: ${classification}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`sequence out of range: ${sequence}`);
  return `${classification}/${String(sequence).padStart(6, '0')}`;
}

export function classOfClassification(classification: string): ResourceClass {
  return RESOURCE_CLASSES[Number(classification[0]) - 1]!;
}

const SHARING_RANK: Record<SharingAttribute, number> = { unconditional: 0, conditional: 1, 'not-shared': 2 };

export const dataItemSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    type: z.enum(ITEM_TYPES),
    length: z.number().int().min(0).max(1_000_000).nullable(),
    description: z.string().trim().max(500).default(''),
    sharing: z.enum(SHARING_ATTRIBUTES),
  })
  .strict();

export const mountedResourceSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(MOUNT_KINDS),
    locator: z.string().trim().min(1).max(500),
    lastUpdated: z.iso.date().nullable(),
  })
  .strict();

/** The editable metadata of an entry (domain.md §3); code, region, status and versions are the core's. */
export const entryContentSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    summary: z.string().trim().max(2000).default(''),
    classification: z.string().refine(isClassificationCode, { message: 'not a classification code' }),
    departmentId: z.number().int().positive(),
    internalUnit: z.string().trim().max(100).default(''),
    format: z.enum(RESOURCE_FORMATS),
    fileFormat: z.string().trim().max(20).default(''),
    sharing: z.enum(SHARING_ATTRIBUTES),
    sharingConditions: z.string().trim().max(1000).default(''),
    legalBasis: z.string().trim().max(1000).default(''),
    sharingMethod: z.enum(SHARING_METHODS),
    open: z.enum(OPEN_ATTRIBUTES),
    openConditions: z.string().trim().max(1000).default(''),
    updateCycle: z.enum(UPDATE_CYCLES),
    releaseDate: z.iso.date().nullable().default(null),
    relatedCodes: z.array(z.string().refine(isResourceCode, { message: 'not a resource code' })).max(50).default([]),
    items: z.array(dataItemSchema).min(1).max(500),
    mounts: z.array(mountedResourceSchema).max(100).default([]),
  })
  .strict()
  .superRefine((entry, ctx) => {
    // Conditional and not-shared need a stated legal basis (law, regulation or central policy).
    if (entry.sharing !== 'unconditional' && !entry.legalBasis) {
      ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'legal-basis-required' });
    }
    if (entry.sharing === 'conditional' && !entry.sharingConditions) {
      ctx.addIssue({ code: 'custom', path: ['sharingConditions'], message: 'conditions-required' });
    }
    if (entry.open === 'conditional' && !entry.openConditions) {
      ctx.addIssue({ code: 'custom', path: ['openConditions'], message: 'conditions-required' });
    }
    // An item may be stricter than its entry, never more open; and only stated items share.
    entry.items.forEach((item, i) => {
      if (SHARING_RANK[item.sharing] < SHARING_RANK[entry.sharing]) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'sharing'], message: 'item-more-open-than-entry' });
      }
    });
    const names = new Set<string>();
    entry.items.forEach((item, i) => {
      if (names.has(item.name)) ctx.addIssue({ code: 'custom', path: ['items', i, 'name'], message: 'duplicate-item' });
      names.add(item.name);
    });
  });

export type EntryContent = z.infer<typeof entryContentSchema>;

// ---- lifecycle ----

export const ENTRY_STATUSES = ['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export type EntryAction = 'edit' | 'submit' | 'approve' | 'return' | 'revise' | 'withdraw';

/**
 * draft → submitted → published, or back to the official as returned (with reasons); a published
 * entry is revised as a new draft version, or withdrawn (with a reason). Anything else is refused.
 */
const TRANSITIONS: Record<EntryStatus, Partial<Record<EntryAction, EntryStatus>>> = {
  draft: { edit: 'draft', submit: 'submitted' },
  returned: { edit: 'returned', submit: 'submitted' },
  submitted: { approve: 'published', return: 'returned' },
  published: { revise: 'draft', withdraw: 'withdrawn' },
  withdrawn: {},
};

export function nextStatus(status: EntryStatus, action: EntryAction): EntryStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

export function allowedActions(status: EntryStatus): EntryAction[] {
  return Object.keys(TRANSITIONS[status]) as EntryAction[];
}
