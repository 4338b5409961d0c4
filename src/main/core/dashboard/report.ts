/**
 * The dashboard's report (issue #7), for a meeting or a schedule: JSON (the overview as it is),
 * XLSX (indicators, ranking, trend, departments) and PDF. The PDF is one print layout in HTML,
 * printed by a Chromium: the desktop app's own (Electron printToPDF, given as `print`), else the
 * system Chromium in headless mode (browser mode, `dac report`). Nothing is fetched: the layout
 * carries its charts as inline SVG and uses the system's CJK fonts.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ExportResult } from '../../../shared/contract';
import type { DashboardOverview, DepartmentRow } from '../../../shared/dashboard';
import { DomainError } from '../../../shared/errors';
import { INDICATOR_NAMES, periodLabel, type IndicatorId, type Period } from '../../../shared/indicators';
import { printLayout } from './print-layout';

export type ReportFormat = 'pdf' | 'xlsx' | 'json';
/** Prints an HTML file to a PDF file (Electron's printToPDF in the desktop app). */
export type PdfPrinter = (htmlFile: string, pdfFile: string) => Promise<void>;

const NAMES = INDICATOR_NAMES['zh-CN'];
/** Percent as a number for the workbook, rounded down like the screen (see formatPercent). */
const pct = (v: number | null) => (v === null ? '' : Math.floor(v * 1000 + 1e-6) / 10);

export async function writeReport(
  report: { overview: DashboardOverview; departments: DepartmentRow[]; period: Period },
  format: ReportFormat,
  exportsDir: string,
  print: PdfPrinter = chromiumPrinter,
): Promise<ExportResult> {
  mkdirSync(exportsDir, { recursive: true });
  const file = `report-${report.overview.region.code}-${randomBytes(6).toString('hex')}.${format}`;
  const path = join(exportsDir, file);
  try {
    if (format === 'json') writeFileSync(path, JSON.stringify({ format: 'dac-dashboard-report', version: 1, ...report }, null, 2));
    else if (format === 'xlsx') await writeXlsx(path, report);
    else await writePdf(path, report, print);
  } catch (error) {
    rmSync(path, { force: true });
    if (error instanceof DomainError) throw error;
    throw new DomainError('UNAVAILABLE', `the report could not be written: ${(error as Error).message}`);
  }
  return { file, rows: report.overview.cards.length };
}

async function writeXlsx(path: string, { overview, departments, period }: { overview: DashboardOverview; departments: DepartmentRow[]; period: Period }) {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const title = `${overview.region.name} 合规监管报告 · ${periodLabel(period)}`;
  const cards = book.addWorksheet('指标');
  cards.addRow([title]);
  cards.addRow([`生成时间 ${overview.generatedAt}`]);
  cards.addRow(['指标', '分子', '分母', '数值(%)', '绿色阈值(%)', '黄色阈值(%)', '状态', '分子说明', '分母说明']);
  for (const c of overview.cards) {
    cards.addRow([NAMES[c.id], c.numerator, c.denominator, pct(c.value), pct(c.thresholds.green), pct(c.thresholds.amber), RAG_WORDS[c.rag ?? 'none'], c.definition.numerator, c.definition.denominator]);
  }
  const ids = overview.cards.map((c) => c.id);
  const ranking = book.addWorksheet('下级排名');
  ranking.addRow(['区划代码', '区划名称', ...ids.map((id) => `${NAMES[id]}(%)`)]);
  for (const r of overview.ranking) ranking.addRow([r.region.code, r.region.name, ...ids.map((id) => pct(r.values.find((v) => v.id === id)?.value ?? null))]);
  const trend = book.addWorksheet('月度趋势');
  trend.addRow(['月份', ...ids.map((id) => `${NAMES[id]}(%)`)]);
  overview.months.forEach((m, i) => trend.addRow([m, ...overview.cards.map((c) => pct(c.trend[i] ?? null))]));
  const deps = book.addWorksheet('部门');
  deps.addRow(['部门', '已发布目录', '元数据完整', '已挂接', '到期申请', '按时答复']);
  for (const d of departments) deps.addRow([d.department.name, d.published, d.complete, d.mounted, d.requestsDue, d.requestsOnTime]);
  for (const sheet of [cards, ranking, trend, deps]) sheet.columns.forEach((col) => (col.width = 16));
  await book.xlsx.writeFile(path);
}

const RAG_WORDS: Record<string, string> = { green: '达标', amber: '预警', red: '未达标', none: '无数据' };

async function writePdf(path: string, report: { overview: DashboardOverview; departments: DepartmentRow[]; period: Period }, print: PdfPrinter) {
  const dir = mkdtempSync(join(tmpdir(), 'dac-report-'));
  try {
    const html = join(dir, 'report.html');
    writeFileSync(html, printLayout(report.overview, report.departments, periodLabel(report.period)));
    await print(html, path);
    if (!existsSync(path)) throw new Error('the printer wrote no file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The system Chromium (Debian's `chromium`, or CHROMIUM_PATH), headless, printing to a file. */
export const chromiumPrinter: PdfPrinter = async (htmlFile, pdfFile) => {
  const browser = findChromium();
  if (!browser) throw new DomainError('UNAVAILABLE', 'printing a PDF needs Chromium here: install it (apt-get install -y chromium) or set CHROMIUM_PATH; XLSX and JSON reports need nothing');
  const profile = mkdtempSync(join(tmpdir(), 'dac-print-'));
  try {
    await promisify(execFile)(
      browser,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdfFile}`, `file://${htmlFile}`],
      { timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
};

function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

export type { IndicatorId };
