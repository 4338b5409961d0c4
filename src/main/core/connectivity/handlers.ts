import type { MethodName } from '../../../shared/contract';
import type { PlatformDetail } from '../../../shared/connectivity';
import { DomainError } from '../../../shared/errors';
import { isWithinRegion } from '../../../shared/regions';
import type { Handlers } from '../dispatcher';
import type { MonitorControl } from './control';
import { ConnectivityQueries } from './queries';
import type { PlatformRegistry } from './registry';
import { readMonitorSettings, writeMonitorSettings } from './settings';
import { exportRegistry, importRegistry, readRegistryText } from './transfer';

type ConnectivityMethod = Extract<MethodName, `connectivity.${string}`>;

export interface ConnectivityDeps {
  registry: PlatformRegistry;
  monitor: () => MonitorControl;
  clock: () => Date;
  exportsDir: string;
}

/** The connectivity area's contract methods; the dispatcher has checked permission and region scope. */
export function connectivityHandlers(d: ConnectivityDeps): Pick<Handlers, ConnectivityMethod> {
  const db = d.registry.db;
  const queries = new ConnectivityQueries(db);
  const settings = () => readMonitorSettings(db);
  const now = () => d.clock().getTime();
  const inScope = (region: string | undefined, scope: string) => {
    if (region && !isWithinRegion(region, scope)) throw new DomainError('FORBIDDEN', `region ${region} is outside your scope ${scope}`);
  };
  const detail = (id: number): PlatformDetail => {
    const row = d.registry.get(id);
    if (!row) throw new DomainError('NOT_FOUND', `no platform ${id}`);
    const s = settings();
    const summary = queries.summary(id, s, now())!;
    const maintenance = d.registry.maintenanceOf(id);
    const parent = row.parent_id === null ? undefined : d.registry.get(row.parent_id);
    const children = db.prepare('SELECT p.id, p.name, s.state FROM platforms p JOIN platform_status s ON s.platform_id = p.id WHERE p.parent_id = ? ORDER BY p.name').all(id) as PlatformDetail['children'];
    return {
      summary,
      record: d.registry.record(row),
      parentName: parent?.name ?? null,
      children,
      uptime: queries.uptime(id, s, now()),
      maintenance,
      inMaintenance: summary.state === 'maintenance',
      recentIncidents: queries.incidents('000000', { platformId: id }, null, 20).rows,
      revision: row.revision,
    };
  };
  const changed = <T>(value: T): T => {
    d.monitor().reload();
    return value;
  };

  return {
    'connectivity.overview': (input, ctx) => {
      inScope(input.filter.region, ctx.user!.regionScope);
      return queries.overview(ctx.user!.regionScope, input.filter, settings(), d.monitor().status(), now());
    },
    'connectivity.platform': (input) => detail(input.id),
    'connectivity.series': (input) => queries.series(input.id, input.range, settings(), now()),
    'connectivity.incidents': (input, ctx) => {
      inScope(input.filter.region, ctx.user!.regionScope);
      return queries.incidents(ctx.user!.regionScope, input.filter, input.before, input.limit);
    },
    'connectivity.acknowledge': (input, ctx) => {
      const changes = db.prepare('UPDATE incidents SET ack_at = ?, ack_by = ?, ack_note = ? WHERE id = ?').run(now(), ctx.user!.displayName, input.note, input.id).changes;
      if (changes === 0) throw new DomainError('NOT_FOUND', `no incident ${input.id}`);
      return queries.incident(input.id)!;
    },
    'connectivity.create': (input, ctx) => {
      const id = d.registry.create(input.record);
      ctx.audit.target = { type: 'platform', id, region: input.record.regionCode };
      return changed(detail(id));
    },
    'connectivity.update': (input, ctx) => {
      d.registry.update(input.id, input.revision, input.record, ctx.user!.regionScope);
      return changed(detail(input.id));
    },
    'connectivity.remove': (input) => {
      d.registry.remove(input.id, input.revision);
      return changed({ removed: true as const });
    },
    'connectivity.addMaintenance': (input) => changed(d.registry.addMaintenance(input.platformId, input.window)),
    'connectivity.removeMaintenance': (input) => {
      d.registry.removeMaintenance(input.platformId, input.id);
      return changed({ removed: true as const });
    },
    'connectivity.import': (input, ctx) => {
      const rows = readRegistryText(input.fileName, Buffer.from(input.text, 'utf8'));
      const report = importRegistry(d.registry, rows, ctx.user!.regionScope, input.dryRun);
      ctx.audit.target = { type: 'platform-registry', region: ctx.user!.regionScope };
      ctx.audit.detail = { file: input.fileName, rows: report.rows, created: report.created, updated: report.updated, issues: report.issues.length, dryRun: input.dryRun };
      return report.created + report.updated > 0 ? changed(report) : report;
    },
    'connectivity.export': (input, ctx) => {
      inScope(input.filter.region, ctx.user!.regionScope);
      const result = exportRegistry(d.registry, input.filter.region ?? ctx.user!.regionScope, input.format, d.exportsDir);
      ctx.audit.target = { type: 'platform-registry', region: input.filter.region ?? ctx.user!.regionScope };
      ctx.audit.detail = { format: input.format, rows: result.rows };
      return result;
    },
    'connectivity.settings': () => settings(),
    'connectivity.setSettings': (input) => changed(writeMonitorSettings(db, input, d.clock())),
  };
}
