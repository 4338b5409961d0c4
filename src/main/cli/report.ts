import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExportResult } from '../../shared/contract';
import { periodSchema } from '../../shared/indicators';
import { isRegionCode, NATIONAL_REGION_CODE } from '../../shared/regions';
import { exportsDir } from '../core/data-dir';
import type { CliOptions } from './index';
import { printJson, unwrap, usage } from './io';
import { openForCli } from './open';

/**
 * `dac report`: the dashboard's report for a region and period, for scheduled use (a monthly PDF
 * for the meeting). Runs as the OS operator acting as a supervisor of --region.
 */
export async function runReport(options: CliOptions): Promise<void> {
  const format = options.format;
  if (format !== 'pdf' && format !== 'xlsx' && format !== 'json') throw usage('--format pdf|xlsx|json is required');
  if (!options.out) throw usage('--out FILE is required');
  const region = options.region ?? NATIONAL_REGION_CODE;
  if (!isRegionCode(region)) throw usage(`--region: not a six-digit region code: ${region}`);
  const text = options.period;
  if (text === undefined) throw usage('--period is required: 2026-11, 2026-Q3, 2026 or 2026-01-01..2026-03-31');
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  const parsed = periodSchema.safeParse(range ? { from: range[1], to: range[2] } : text);
  if (!parsed.success) throw usage(`--period: expected 2026-11, 2026-Q3, 2026 or 2026-01-01..2026-03-31, not ${text}`);

  const { core, session, dataDir } = openForCli(options['data-dir'], { roles: ['supervisor'], regionScope: region });
  try {
    const result = unwrap<ExportResult>(await core.dispatch(session, 'dashboard.report', { region, period: parsed.data, format, level: null }));
    const out = resolve(options.out);
    copyFileSync(join(exportsDir(dataDir), result.file), out);
    if (options.json) return printJson({ file: out, region, period: parsed.data, format });
    process.stdout.write(`Report for ${region} (${text}) written to ${out}\n`);
  } finally {
    core.close();
  }
}
