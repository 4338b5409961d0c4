import { z } from 'zod';
import { regionCodeSchema } from './schemas';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  seq: number;
  at: string;
  userId: number | null;
  username: string | null;
  roles: string[];
  method: string;
  targetType: string | null;
  targetId: string | null;
  targetRegion: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown> | null;
}

export const auditFilterSchema = z
  .object({
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    username: z.string().trim().min(1).max(64).optional(),
    method: z.string().trim().min(1).max(64).optional(),
    outcome: z.enum(['ok', 'denied', 'failed']).optional(),
    region: regionCodeSchema.optional(),
  })
  .strict();

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditPage {
  entries: AuditEntry[];
  /**
   * Pass as `before` for the next (older) page; null at the end. A page shorter than asked with a
   * non-null cursor means the search stopped early (rare filters over a long log) and goes on from there.
   */
  nextBefore: number | null;
}

export interface AuditIntegrity {
  ok: boolean;
  checked: number;
  /** The first row whose chain does not hold, and why. */
  firstBroken: { seq: number; reason: string } | null;
}
