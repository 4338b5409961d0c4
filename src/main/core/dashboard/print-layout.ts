/**
 * The report's print layout: A4 landscape HTML with the indicator table, a trend chart per
 * indicator and the ranking of the regions below, as inline SVG (nothing to fetch, no script).
 * Chinese text uses the system's CJK fonts (Debian: fonts-wqy-microhei; Windows: Microsoft YaHei).
 */
import type { DashboardOverview, DepartmentRow, IndicatorCard } from '../../../shared/dashboard';
import { formatPercent, INDICATOR_NAMES } from '../../../shared/indicators';

const NAMES = INDICATOR_NAMES['zh-CN'];
const COLOURS = { green: '#389e0d', amber: '#d48806', red: '#cf1322', none: '#8c8c8c' } as const;
const WORDS = { green: '达标', amber: '预警', red: '未达标', none: '无数据' } as const;

/** The period's last day: `to` is the day after it. */
const lastDay = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);


function sparkline(card: IndicatorCard, months: string[]): string {
  const w = 220;
  const h = 48;
  const step = w / Math.max(1, months.length - 1);
  const points = card.trend.map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(h - 4 - v * (h - 8)).toFixed(1)}`));
  const path = points.filter((p): p is string => p !== null).join(' ');
  const target = h - 4 - card.thresholds.green * (h - 8);
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(NAMES[card.id])} 趋势">
    <line x1="0" x2="${w}" y1="${target.toFixed(1)}" y2="${target.toFixed(1)}" stroke="#bbb" stroke-dasharray="3 3"/>
    ${path ? `<polyline fill="none" stroke="#1677ff" stroke-width="2" points="${path}"/>` : '<text x="4" y="28" font-size="11" fill="#999">暂无数据</text>'}
  </svg>`;
}

export function printLayout(o: DashboardOverview, departments: DepartmentRow[], period: string): string {
  const rows = o.cards
    .map(
      (c) => `<tr>
        <td>${esc(NAMES[c.id])}</td><td class="num">${c.numerator.toLocaleString('zh-CN')}</td><td class="num">${c.denominator.toLocaleString('zh-CN')}</td>
        <td class="num"><b>${formatPercent(c.value, c.id)}</b></td><td class="num">${formatPercent(c.thresholds.green, c.id)}</td>
        <td><span class="rag" style="background:${COLOURS[c.rag ?? 'none']}">${WORDS[c.rag ?? 'none']}</span></td>
        <td>${sparkline(c, o.months)}</td></tr>`,
    )
    .join('');
  const ranking = o.ranking
    .map((r) => `<tr><td>${esc(r.region.name)}</td>${o.cards.map((c) => `<td class="num">${formatPercent(r.values.find((v) => v.id === c.id)?.value ?? null, c.id)}</td>`).join('')}</tr>`)
    .join('');
  const deps = departments
    .slice(0, 40)
    .map((d) => `<tr><td>${esc(d.department.name)}</td><td class="num">${d.published}</td><td class="num">${d.complete}</td><td class="num">${d.mounted}</td><td class="num">${d.requestsOnTime}/${d.requestsDue}</td></tr>`)
    .join('');
  const notes = o.cards
    .map((c) => `<li><b>${esc(NAMES[c.id])}</b>：分子为${esc(c.definition.numerator)}；分母为${esc(c.definition.denominator)}。</li>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(o.region.name)} 合规监管报告</title>
<style>
  @page { size: A4 landscape; margin: 14mm; }
  body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; font-size: 11pt; color: #1f1f1f; }
  h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1px solid #ddd; }
  .meta { color: #555; margin-bottom: 8pt; } table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #d9d9d9; padding: 3pt 6pt; text-align: left; vertical-align: middle; } th { background: #fafafa; }
  .num { text-align: right; font-variant-numeric: tabular-nums; } .rag { color: #fff; padding: 1pt 6pt; border-radius: 3pt; }
  tr { break-inside: avoid; } section { break-inside: auto; } ul { padding-left: 16pt; } li { margin: 2pt 0; }
</style></head><body>
<h1>${esc(o.region.name)} 政务数据合规监管报告</h1>
<div class="meta">范围：${esc(o.path.map((r) => r.name).join(' › '))}（${esc(o.region.code)}） · 期间：${esc(period)}（${o.period.from} 至 ${lastDay(o.period.to)}） · 生成时间：${esc(new Date(o.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }))}</div>
<section><h2>指标</h2><table><thead><tr><th>指标</th><th>分子</th><th>分母</th><th>数值</th><th>目标</th><th>状态</th><th>近十二个月（${esc(o.months[0] ?? '')} 至 ${esc(o.months.at(-1) ?? '')}）</th></tr></thead><tbody>${rows}</tbody></table></section>
${o.ranking.length ? `<section><h2>下级区划排名</h2><table><thead><tr><th>区划</th>${o.cards.map((c) => `<th>${esc(NAMES[c.id])}</th>`).join('')}</tr></thead><tbody>${ranking}</tbody></table></section>` : ''}
${deps ? `<section><h2>本级部门</h2><table><thead><tr><th>部门</th><th>已发布目录</th><th>元数据完整</th><th>已挂接</th><th>按时答复/到期申请</th></tr></thead><tbody>${deps}</tbody></table></section>` : ''}
<section><h2>说明</h2><ul>${notes}${o.unavailable.length ? `<li>未列出：${o.unavailable.map((id) => esc(NAMES[id])).join('、')}（所依赖的功能尚未建设）。</li>` : ''}</ul></section>
</body></html>`;
}
