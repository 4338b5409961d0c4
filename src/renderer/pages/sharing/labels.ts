import type { CaseStage, RequestStatus } from '../../../shared/sharing';
import { consoleRegionText, type MessageKey, type Translate } from '../../locales';

/** Localised labels for the sharing area's enumerations (keys in locales/*\/sharing.ts). */
export const label = {
  kind: (t: Translate, k: string) => t(`sh.kind.${k}` as MessageKey),
  status: (t: Translate, s: string) => t(`sh.status.${s}` as MessageKey),
  stage: (t: Translate, s: string) => t(`sh.stage.${s}` as MessageKey),
  tier: (t: Translate, s: string) => t(`sh.tier.${s}` as MessageKey),
  decision: (t: Translate, d: string) => t(`sh.decision.${d}` as MessageKey),
  refusal: (t: Translate, r: string) => t(`sh.refusal.${r}` as MessageKey),
  method: (t: Translate, m: string) => t(`sh.method.${m}` as MessageKey),
  demandStatus: (t: Translate, s: string) => t(`sh.demand.status.${s}` as MessageKey),
};

/** A work item's stage is a request status for requests and a case stage otherwise. */
export const workStage = (t: Translate, kind: string, stage: string) => (kind === 'request' ? label.status(t, stage) : label.stage(t, stage));

export const STATUS_COLOR: Record<RequestStatus, string> = { filed: 'processing', approved: 'cyan', refused: 'error', delivered: 'blue', confirmed: 'success', withdrawn: 'default' };
export const STAGE_COLOR: Record<CaseStage, string> = {
  raised: 'processing',
  accepted: 'cyan',
  inadmissible: 'default',
  assigned: 'blue',
  'awaiting-info': 'warning',
  decided: 'purple',
  remedied: 'geekblue',
  closed: 'success',
};
export const KIND_COLOR: Record<string, string> = { request: 'blue', 'data-objection': 'orange', 'directory-objection': 'gold', 'sharing-dispute': 'volcano' };

/** The core's error codes a refusal may carry instead of a reason of its own (a revision conflict, say). */
const ERROR_TEXTS: Record<string, MessageKey> = { FORBIDDEN: 'error.FORBIDDEN', NOT_FOUND: 'error.NOT_FOUND', CONFLICT: 'error.CONFLICT', INVALID_INPUT: 'error.INVALID_INPUT' };

/** Why a reviewer may not take a case or an assignment was refused: known codes in words, others as the core said. */
export function refusalText(t: Translate, reason: string, details?: Record<string, string>): string {
  if (reason === 'outside-console-region' && details) return consoleRegionText(t, details);
  const keys: Record<string, MessageKey> = {
    'own-department': 'sh.refused.own-department',
    'conflict-own-department': 'sh.refused.own-department',
    raiser: 'sh.refused.raiser',
    'conflict-raiser': 'sh.refused.raiser',
    stage: 'sh.refused.stage',
    scope: 'sh.refused.scope',
    'not-found': 'sh.refused.not-found',
    'not-handled': 'sh.refused.not-handled',
    'not-reviewer': 'sh.refused.not-reviewer',
    'not-a-reviewer': 'sh.refused.not-reviewer',
  };
  const key = keys[reason] ?? ERROR_TEXTS[reason];
  return key ? t(key) : reason;
}
