/**
 * What the directory screens, the CLI and exports ask of the core, and what they get back: the
 * search filter, list rows, the entry page and the tree.
 */
import { z } from 'zod';
import { ENTRY_STATUSES, OPEN_ATTRIBUTES, RESOURCE_CLASSES, SHARING_ATTRIBUTES, UPDATE_CYCLES, type EntryAction, type EntryContent, type EntryStatus } from './directory';
import { REGION_LEVELS } from './regions';
import { regionCodeSchema } from './schemas';

export const SEARCH_SORTS = ['newest', 'code', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * Counting stops here: the list says "1,000+" rather than counting a million matches (counting is
 * most of a broad query's time at national scale: bench suite directory). Paging goes deeper.
 */
export const SEARCH_COUNT_CAP = 1_000;

export const searchFilterSchema = z
  .object({
    query: z.string().trim().max(100).default(''),
    /** The subtree searched; defaults to the caller's scope. */
    region: regionCodeSchema.optional(),
    level: z.enum(REGION_LEVELS).optional(),
    resourceClass: z.enum(RESOURCE_CLASSES).optional(),
    sharing: z.enum(SHARING_ATTRIBUTES).optional(),
    open: z.enum(OPEN_ATTRIBUTES).optional(),
    status: z.enum(ENTRY_STATUSES).optional(),
    updateCycle: z.enum(UPDATE_CYCLES).optional(),
    departmentId: z.number().int().positive().optional(),
  })
  .strict();
export type SearchFilter = z.input<typeof searchFilterSchema>;

export interface EntrySummary {
  id: number;
  resourceCode: string;
  name: string;
  summary: string;
  regionCode: string;
  regionName: string;
  level: string;
  departmentId: number;
  departmentName: string;
  resourceClass: string;
  sharing: string;
  open: string;
  updateCycle: string;
  status: EntryStatus;
  /** A published version is live (also while a revision is being drafted). */
  published: boolean;
  version: number;
  updatedAt: string;
}

export interface SearchPage {
  rows: EntrySummary[];
  /** Matches counted up to SEARCH_COUNT_CAP; `capped` says there are more. */
  total: number;
  capped: boolean;
  /** The terms to highlight in names and summaries. */
  terms: string[];
  /** The order applied: code and name orders need the matches within the count cap (else newest). */
  sortedBy: SearchSort;
}

export interface EntryVersionInfo {
  version: number;
  createdAt: string;
  publishedAt: string | null;
}

export interface EntryEvent {
  id: number;
  version: number;
  kind: string;
  author: string;
  body: string;
  at: string;
}

export interface EntryDetail extends EntrySummary {
  classification: string;
  creditCode: string;
  revision: number;
  content: EntryContent;
  versions: EntryVersionInfo[];
  events: EntryEvent[];
  /** What the caller may do now (the core checks again when it is done). */
  actions: EntryAction[];
  canComment: boolean;
}

export interface Tally {
  published: number;
  inReview: number;
  drafts: number;
}

export interface DirectoryNode {
  kind: 'region' | 'department';
  /** Region code, or the department id as text. */
  key: string;
  name: string;
  regionCode: string;
  tally: Tally;
  hasChildren: boolean;
}

export interface Department {
  id: number;
  regionCode: string;
  name: string;
  creditCode: string;
  parentId: number | null;
  contact: string;
}
