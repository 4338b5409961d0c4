import type { MethodName } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { isWithinRegion } from '../../../shared/regions';
import type { Handlers } from '../dispatcher';
import { notHere, type CaseService } from './cases';
import type { Deadlines } from './deadlines';
import type { DemandService } from './demands';
import type { RequestService } from './requests';
import type { Workbench } from './workbench';

type SharingMethod = Extract<MethodName, `sharing.${string}` | `demands.${string}` | `cases.${string}` | `workbench.${string}`>;

export interface SharingDeps {
  requests: RequestService;
  demands: DemandService;
  cases: CaseService;
  workbench: Workbench;
  deadlines: Deadlines;
  exportsDir: string;
  /** Fetches an evidence file from the hub (SyncService.fetchEvidence): 'fetched' or why not. */
  fetchEvidence?: (sha256: string, fileName: string) => Promise<string>;
}

const inScope = (region: string | undefined, scope: string) => {
  if (region && !isWithinRegion(region, scope)) throw new DomainError('FORBIDDEN', `region ${region} is outside your scope ${scope}`);
};

/** Sharing requests, demands, cases and the workbench; the dispatcher has checked permission and scope. */
export function sharingHandlers(d: SharingDeps): Pick<Handlers, SharingMethod> {
  return {
    'sharing.file': (input, ctx) => {
      const created = d.requests.file(ctx.user!, input.request);
      ctx.audit.target = { type: 'sharing-request', id: created.id, region: created.requesterRegion };
      return created;
    },
    'sharing.get': (input, ctx) => d.requests.detail(ctx.user!, input.id),
    'sharing.list': (input, ctx) => d.requests.list(ctx.user!.regionScope, input, input.offset, input.limit),
    'sharing.act': (input, ctx) => {
      ctx.audit.detail = { action: input.action, ...(input.reason ? { reason: input.reason } : {}) };
      return d.requests.act(ctx.user!, input.id, input.revision, input);
    },
    'sharing.policy': (input) => d.deadlines.policy(input.region),
    'sharing.setPolicy': (input) => d.deadlines.setPolicy(input.region, input.policy),

    'demands.file': (input, ctx) => d.demands.file(ctx.user!, input.departmentId, input.title, input.description),
    'demands.list': (input, ctx) => d.demands.list(ctx.user!.regionScope, input.status),
    'demands.assign': (input, ctx) => d.demands.assign(ctx.user!, input.id, input.departmentId, input.note),
    'demands.answer': (input, ctx) => d.demands.answer(ctx.user!, input.id, input.outcome, input.entryId, input.note),

    'cases.raise': (input, ctx) => {
      const created = d.cases.raise(ctx.user!, input.case);
      ctx.audit.target = { type: 'case', id: created.id, region: created.handlingRegion };
      return created;
    },
    'cases.get': (input, ctx) => d.cases.detail(ctx.user!, input.id),
    'cases.list': (input, ctx) => d.cases.list(ctx.user!.regionScope, input, input.offset, input.limit),
    'cases.handle': (input, ctx) => {
      ctx.audit.detail = { action: input.action, ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}), ...(input.decision ? { outcome: input.decision.outcome } : {}) };
      return d.cases.handle(ctx.user!, input.id, input.revision, input);
    },
    'cases.respond': (input, ctx) => {
      ctx.audit.detail = { action: input.action };
      return d.cases.respond(ctx.user!, input.id, input.revision, input);
    },
    'cases.comment': (input, ctx) => d.cases.comment(ctx.user!, input.id, input.body),
    'cases.addEvidence': (input, ctx) => {
      const data = Buffer.from(input.dataBase64, 'base64');
      ctx.audit.detail = { file: input.fileName, bytes: data.length };
      return d.cases.addEvidence(ctx.user!, input.id, input.fileName, data);
    },
    'cases.evidence': async (input, ctx) => {
      ctx.audit.detail = { evidenceId: input.evidenceId };
      // Added on another console and not fetched by a run yet: fetched now, if the hub can be reached.
      const e = d.cases.evidenceOf(input.id, input.evidenceId);
      if (!e.held) {
        const outcome = d.fetchEvidence ? await d.fetchEvidence(e.sha256, e.fileName) : 'no-hub';
        if (outcome !== 'fetched') throw notHere(e.fileName, outcome);
      }
      return d.cases.evidenceFile(input.id, input.evidenceId, d.exportsDir);
    },
    'cases.reviewers': (input) => d.cases.reviewers(input.id),
    'cases.assignBulk': (input, ctx) => {
      const result = d.cases.assignBulk(ctx.user!, input.ids, input.assigneeId);
      ctx.audit.detail = { assigneeId: input.assigneeId, assigned: result.assigned, refused: result.refused.map((r) => r.id) };
      return result;
    },

    'workbench.queue': (input, ctx) => {
      inScope(input.filter.region, ctx.user!.regionScope);
      return d.workbench.queue(ctx.user!, input.filter, input.offset, input.limit);
    },
  };
}
