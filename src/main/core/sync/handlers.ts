import type { MethodName } from '../../../shared/contract';
import type { Handlers } from '../dispatcher';
import type { SyncService } from './service';

type SyncMethod = Extract<MethodName, `sync.${string}`>;

/** The sync's contract methods; the dispatcher has checked permission. */
export function syncHandlers(sync: SyncService): Pick<Handlers, SyncMethod> {
  return {
    'sync.status': () => sync.status(),
    'sync.configure': (input, ctx) => {
      // The token itself never enters the audit trail: only whether one was given.
      ctx.audit.detail = { hubUrl: input.hubUrl, tokenGiven: input.token !== undefined && input.token !== '', deletionThreshold: input.deletionThreshold };
      return sync.configure(input.hubUrl, input.token, input.deletionThreshold);
    },
    'sync.run': async (input, ctx) => {
      const report = await ctx.withoutHold(() => sync.run(ctx.user!.displayName, input.allowDeletions));
      ctx.audit.detail = { outcome: report.outcome, pushed: report.pushed, pulled: report.pulled, conflicts: report.conflicts, rejected: report.rejected.length, allowDeletions: input.allowDeletions };
      return report;
    },
    'sync.log': (input) => sync.log(input.limit, input.run),
    'sync.conflicts': () => sync.conflicts(),
    'sync.resolve': (input, ctx) => {
      ctx.audit.target = { type: `sync-${input.kind}`, id: null, region: null };
      ctx.audit.detail = { key: input.key, choice: input.choice };
      return sync.resolve(input.kind, input.key, input.choice);
    },
  };
}
