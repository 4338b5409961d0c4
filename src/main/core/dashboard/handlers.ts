import type { MethodName } from '../../../shared/contract';
import type { Handlers } from '../dispatcher';
import { indicatorItems } from './items';
import type { Dashboard } from './overview';
import { writeReport, type PdfPrinter } from './report';

type DashboardMethod = Extract<MethodName, `dashboard.${string}`>;

/** The compliance dashboards' contract methods; the dispatcher has checked permission and scope. */
export function dashboardHandlers(dashboard: Dashboard, exportsDir: string, clock: () => Date, print?: PdfPrinter): Pick<Handlers, DashboardMethod> {
  const scopeOf = (ctx: { user: { regionScope: string } | null }) => ctx.user!.regionScope;
  return {
    'dashboard.overview': (input, ctx) => dashboard.overview(scopeOf(ctx), input.region, input.period, input.level),
    'dashboard.departments': (input) => dashboard.departments(input.region, input.period),
    'dashboard.items': (input, ctx) => {
      ctx.audit.target = { type: 'dashboard', region: input.region };
      ctx.audit.detail = { indicator: input.indicator, period: input.period };
      return indicatorItems(dashboard.db, dashboard, input.region, input.period, input.indicator, input.limit, clock());
    },
    'dashboard.report': async (input, ctx) => {
      const overview = dashboard.overview(scopeOf(ctx), input.region, input.period, input.level);
      const result = await writeReport({ overview, departments: dashboard.departments(input.region, input.period), period: input.period }, input.format, exportsDir, print);
      ctx.audit.target = { type: 'dashboard', region: input.region };
      ctx.audit.detail = { format: input.format, period: input.period, file: result.file };
      return result;
    },
    'dashboard.thresholds': () => dashboard.thresholds(),
    'dashboard.setThresholds': (input, ctx) => {
      ctx.audit.target = { type: 'dashboard-thresholds', region: null };
      ctx.audit.detail = { thresholds: input.thresholds };
      return dashboard.setThresholds(input.thresholds);
    },
  };
}
