import type { MethodName } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import type { Handlers } from '../dispatcher';
import type { DirectoryService } from './service';
import { exportDirectory } from './transfer/export';
import { runImport, type ImportMode } from './transfer/import-runner';
import { writeTemplate } from './transfer/template';
import { viewerOf } from './viewer';

type DirectoryMethod = Extract<MethodName, `directory.${string}`>;

/** The directory's contract methods; the dispatcher has checked permission and region scope. */
export function directoryHandlers(directory: DirectoryService, clock: () => Date, exportsDir: string, imports: ImportMode): Pick<Handlers, DirectoryMethod> {
  /** Imports under way that can be cancelled, by the job id their caller chose. */
  const running = new Map<string, { sessionKey: string; controller: AbortController }>();
  return {
    'directory.children': (input) => directory.queries.children(input.parent),
    // Outside the caller's scope the published catalogue only (filterExpression).
    'directory.search': (input, ctx) => directory.queries.search(input.filter, viewerOf(ctx.user!), input.sort, input.offset, input.limit),
    'directory.get': (input, ctx) => directory.detail(viewerOf(ctx.user!), input.id),
    'directory.version': (input, ctx) => directory.version(viewerOf(ctx.user!), input.id, input.version),
    'directory.departments': (input) => directory.departments.inRegion(input.region),
    'directory.createDepartment': (input, ctx) => {
      if (input.region !== ctx.user!.regionScope) throw new DomainError('FORBIDDEN', `only officials of region ${input.region} register its departments`);
      directory.assertSyncs(input.region, 'a department');
      const created = directory.departments.create({ regionCode: input.region, name: input.name, creditCode: input.creditCode, parentId: input.parentId, contact: input.contact }, clock().toISOString());
      ctx.audit.target = { type: 'department', id: created.id, region: created.regionCode };
      return created;
    },
    'directory.create': (input, ctx) => {
      const created = directory.create(viewerOf(ctx.user!), input.region, input.content);
      ctx.audit.target = { type: 'directory-entry', id: created.id, region: created.regionCode };
      ctx.audit.detail = { resourceCode: created.resourceCode };
      return created;
    },
    'directory.update': (input, ctx) => directory.update(viewerOf(ctx.user!), input.id, input.revision, input.content),
    'directory.submit': (input, ctx) => directory.act(viewerOf(ctx.user!), input.id, input.revision, 'submit', ''),
    'directory.decide': (input, ctx) => {
      ctx.audit.detail = { decision: input.decision };
      return directory.act(viewerOf(ctx.user!), input.id, input.revision, input.decision, input.reason);
    },
    'directory.revise': (input, ctx) => directory.act(viewerOf(ctx.user!), input.id, input.revision, 'revise', ''),
    'directory.withdraw': (input, ctx) => directory.act(viewerOf(ctx.user!), input.id, input.revision, 'withdraw', input.reason),
    'directory.comment': (input, ctx) => directory.comment(viewerOf(ctx.user!), input.id, input.body),
    'directory.import': async (input, ctx) => {
      const user = ctx.user!;
      // A check alone writes nothing and sends nothing.
      if (!input.dryRun) directory.assertSyncs(user.regionScope, 'an import');
      const jobId = input.jobId;
      // Registered before the file is read, so a cancel arriving at any moment finds it.
      const job = jobId ? { sessionKey: ctx.sessionKey, controller: new AbortController() } : null;
      if (jobId && job) {
        if (running.has(jobId)) throw new DomainError('CONFLICT', `an import with job id ${jobId} is running`);
        running.set(jobId, job);
      }
      try {
        const onProgress = jobId
          ? (phase: 'check' | 'write', done: number, total: number) => ctx.push({ name: 'job.progress', payload: { jobId, kind: `directory.import.${phase}`, done, total, finished: phase === 'write' && done === total } })
          : undefined;
        const report = await runImport(imports, directory, input.fileName, Buffer.from(input.dataBase64, 'base64'), {
          region: user.regionScope,
          validOnly: input.validOnly,
          dryRun: input.dryRun,
          actor: user,
          at: clock().toISOString(),
          onProgress,
          signal: job?.controller.signal,
          exclusive: ctx.exclusive,
        });
        ctx.audit.target = { type: 'directory-import', region: user.regionScope };
        ctx.audit.detail = { file: input.fileName, rows: report.rows, imported: report.imported, issues: report.totalIssues, dryRun: input.dryRun, ...(report.cancelled ? { cancelled: true } : {}) };
        return report;
      } finally {
        if (jobId) running.delete(jobId);
      }
    },
    // Only the session that started an import may stop it; another's job id answers "not running".
    'directory.cancelImport': (input, ctx) => {
      const job = running.get(input.jobId);
      if (!job || job.sessionKey !== ctx.sessionKey) return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },
    'directory.importTemplate': (input) => writeTemplate(input.format, exportsDir),
    'directory.export': async (input, ctx) => {
      const viewer = viewerOf(ctx.user!);
      const result = await exportDirectory(directory, input.filter, viewer, input.format, exportsDir, clock());
      ctx.audit.target = { type: 'directory', region: input.filter.region ?? viewer.regionScope };
      ctx.audit.detail = { format: input.format, rows: result.rows, filter: input.filter };
      return result;
    },
  };
}
