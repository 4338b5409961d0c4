/**
 * Issue #7 through the contract: the overview's figures are the raw-table scan's, the items behind
 * each figure are as many as it falls short, and the reports (JSON, XLSX, PDF with Chinese text,
 * from the core and from `dac report`) carry them.
 */
import ExcelJS from 'exceljs';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardOverview } from '../../src/shared/dashboard';
import { formatPercent, INDICATORS, type IndicatorItems } from '../../src/shared/indicators';
import { exportsDir } from '../../src/main/core/data-dir';
import { scanIndicators } from '../../src/main/core/dashboard/scan';
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import { testCore } from '../support/core';
import { DAC_BIN, tempDataDir } from '../support/paths';

const NOW = new Date('2026-11-20T10:00:00+08:00');
let core: ReturnType<typeof testCore>;
let hubei: string;

beforeAll(() => {
  core = testCore({ clock: () => NOW });
  loadSampleDirectory(core.db, 4000, 3, NOW.toISOString());
  hubei = core.operatorSession('tester', { roles: ['supervisor'], regionScope: '420000' });
  // The consoles as a hub reports them at hello (test/integration/sync-hub.test.ts covers the report itself).
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
  const consoles: Array<[string, string, string | null]> = [
    ['武汉市数据局', '420100', hoursAgo(1)],
    ['江岸区数据局', '420102', hoursAgo(30)],
    ['襄阳市数据局', '420600', null],
    ['湖北省数据局', '420000', hoursAgo(23)],
    ['广州市数据局', '440100', hoursAgo(2)],
  ];
  for (const [name, region, at] of consoles) core.db.prepare('INSERT INTO sync_consoles (name, region_code, last_synced_at, reported_at) VALUES (?, ?, ?, ?)').run(name, region, at, NOW.toISOString());
});
afterAll(() => core.close());

async function call<T>(session: string, method: string, input: unknown): Promise<T> {
  const r = await core.dispatch(session, method as never, input as never);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

describe('dashboard through the contract', () => {
  it('gives a province its figures, a year of trend, the cities ranked and the path from its scope', async () => {
    const o = await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420100', period: '2026-11' });
    expect(o.path.map((r) => r.code)).toEqual(['420000', '420100']);
    expect(o.months).toHaveLength(12);
    expect(o.months.at(-1)).toBe('2026-11');
    const settings = { maintenanceCountsAgainst: false, thresholds: {} };
    expect(o.cards.map(({ id, numerator, denominator, value, rag }) => ({ id, numerator, denominator, value, rag }))).toEqual(scanIndicators(core.db, '420100', '2026-11', settings, NOW));
    expect(o.cards.find((c) => c.id === 'directory.completeness')!.denominator).toBeGreaterThan(0);
    expect(o.unavailable).toEqual([]);
    expect(o.cards.find((c) => c.id === 'sync.freshness')).toMatchObject({ numerator: 1, denominator: 2 });
    const province = await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420000', period: '2026-11' });
    expect(province.cards.find((c) => c.id === 'sync.freshness')).toMatchObject({ numerator: 2, denominator: 4, rag: 'red' });
    expect(o.rankingLevel).toBe('county');
    expect(o.ranking.length).toBeGreaterThan(5);
    expect(o.ranking.every((r) => r.region.code.startsWith('4201'))).toBe(true);
    // Any level below: every county of Hubei.
    const counties = await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420000', period: '2026', level: 'county' });
    expect(counties.ranking.length).toBeGreaterThan(80);
  });

  it('refuses a region outside the viewer\'s scope, and users without the permission', async () => {
    const r = await core.dispatch(hubei, 'dashboard.overview', { region: '430000', period: '2026-11' });
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    const official = core.operatorSession('tester', { roles: ['official'], regionScope: '420000' });
    const refused = await core.dispatch(official, 'dashboard.overview', { region: '420000', period: '2026-11' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
  });

  it('lists as many items behind each figure as it falls short, each with what is wrong', async () => {
    const o = await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420000', period: '2026-11' });
    for (const card of o.cards) {
      if (card.id === 'cases.satisfaction' || card.id === 'platforms.availability') continue;
      const items = await call<IndicatorItems>(hubei, 'dashboard.items', { region: '420000', period: '2026-11', indicator: card.id, limit: 1000 });
      expect(items.total, card.id).toBe(card.denominator - card.numerator);
      expect(items.rows.length, card.id).toBe(Math.min(1000, items.total));
      expect(items.rows.every((r) => r.problems.length > 0 && r.regionCode.startsWith('42'))).toBe(true);
    }
    const stale = await call<IndicatorItems>(hubei, 'dashboard.items', { region: '420000', period: '2026-11', indicator: 'sync.freshness', limit: 10 });
    expect(stale.rows.map((r) => [r.kind, r.title, r.problems, r.day])).toEqual([
      ['console', '襄阳市数据局', ['never-synced'], null],
      ['console', '江岸区数据局', ['stale-sync'], '2026-11-19'],
    ]);
    const incomplete = await call<IndicatorItems>(hubei, 'dashboard.items', { region: '420000', period: '2026-11', indicator: 'directory.completeness', limit: 5 });
    expect(incomplete.rows.length).toBeLessThanOrEqual(5);
    for (const row of incomplete.rows) {
      const content = JSON.parse(core.db.prepare('SELECT content FROM entry_versions x JOIN directory_entries e ON e.id = x.entry_id AND x.version = e.published_version WHERE e.id = ?').pluck().get(row.id) as string);
      if (row.problems.includes('no-summary')) expect(content.summary).toBe('');
      if (row.problems.includes('no-legal-basis')) expect(content.legalBasis ?? '').toBe('');
    }
  });

  it('writes the report as JSON, as XLSX read back, and as a PDF whose text is Chinese', async () => {
    const json = await call<{ file: string }>(hubei, 'dashboard.report', { region: '420000', period: '2026-Q4', format: 'json' });
    const report = JSON.parse(readFileSync(join(exportsDir(core.dataDir), json.file), 'utf8'));
    expect(report.overview.region.name).toBe('湖北省');
    expect(report.period).toBe('2026-Q4');
    // The report is of the view on screen, its ranking level included.
    const byCounty = await call<{ file: string }>(hubei, 'dashboard.report', { region: '420000', period: '2026-Q4', format: 'json', level: 'county' });
    const counties = JSON.parse(readFileSync(join(exportsDir(core.dataDir), byCounty.file), 'utf8'));
    expect(counties.overview.rankingLevel).toBe('county');
    expect(counties.overview.ranking.length).toBeGreaterThan(80);

    const xlsx = await call<{ file: string }>(hubei, 'dashboard.report', { region: '420000', period: '2026-Q4', format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(exportsDir(core.dataDir), xlsx.file));
    const sheet = book.getWorksheet('指标')!;
    expect(String(sheet.getCell('A1').value)).toBe('湖北省 合规监管报告 · 2026年第4季度');
    const names = sheet.getColumn(1).values.map(String);
    expect(names).toContain('目录覆盖率');
    expect(book.getWorksheet('下级排名')!.rowCount).toBeGreaterThan(10);

    const pdf = await call<{ file: string }>(hubei, 'dashboard.report', { region: '420000', period: '2026-Q4', format: 'pdf' });
    const path = join(exportsDir(core.dataDir), pdf.file);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('湖北省 政务数据合规监管报告');
    expect(text).toContain('2026年第4季度');
    for (const name of ['目录覆盖率', '元数据完整率', '平台可用率']) expect(text).toContain(name);
    expect(text).toContain('武汉市');
    // The same rounding as the screen (down): the PDF shows the card's figure as formatPercent does.
    const coverage = (await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420000', period: '2026-Q4' })).cards.find((c) => c.id === 'directory.coverage')!;
    expect(text).toContain(formatPercent(coverage.value, coverage.id));
  }, 60_000);

  it('keeps administrators\' thresholds and colours by them', async () => {
    const admin = core.operatorSession('tester', { roles: ['administrator'], regionScope: '000000' });
    await call(admin, 'dashboard.setThresholds', { thresholds: { 'directory.mountRate': { green: 0, amber: 0 } } });
    const o = await call<DashboardOverview>(hubei, 'dashboard.overview', { region: '420000', period: '2026-11' });
    const mount = o.cards.find((c) => c.id === 'directory.mountRate')!;
    expect(mount.thresholds).toEqual({ green: 0, amber: 0 });
    expect(mount.rag).toBe('green');
    const bad = await core.dispatch(admin, 'dashboard.setThresholds', { thresholds: { 'directory.mountRate': { green: 0.5, amber: 0.9 } } });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    expect(INDICATORS.find((d) => d.id === 'directory.mountRate')!.thresholds.green).toBe(0.9);
  });
});

describe('dac report', () => {
  it('writes a generated directory\'s report for a scheduled run, and explains bad arguments', () => {
    const dir = tempDataDir();
    const dac = (args: string[]) => spawnSync(process.execPath, [DAC_BIN, ...args, '--data-dir', dir], { encoding: 'utf8' });
    expect(dac(['generate', '--entries', '500', '--seed', '4']).status).toBe(0);
    const out = join(tempDataDir(), '湖北.json');
    const r = dac(['report', '--region', '420000', '--period', '2026-01-01..2026-03-31', '--format', 'json', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ region: '420000', period: { from: '2026-01-01', to: '2026-03-31' }, format: 'json' });
    expect(JSON.parse(readFileSync(out, 'utf8')).overview.cards.length).toBe(INDICATORS.filter((d) => d.available).length);
    const wrong = dac(['report', '--period', '2026-Q5', '--format', 'pdf', '--out', out]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--period: expected 2026-11, 2026-Q3, 2026 or 2026-01-01..2026-03-31, not 2026-Q5');
    expect(dac(['report', '--period', '2026', '--format', 'doc', '--out', out]).status).toBe(2);
  }, 60_000);
});
