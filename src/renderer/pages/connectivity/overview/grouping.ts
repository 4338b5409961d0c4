import type { PlatformState, PlatformSummary } from '../../../../shared/connectivity';
import { provinceCodeOf, REGION_LEVELS, type RegionLevel } from '../../../../shared/regions';

export type ListItem =
  | { kind: 'level'; key: string; level: RegionLevel; count: number }
  | { kind: 'region'; key: string; regionCode: string; count: number }
  | { kind: 'platform'; key: string; platform: PlatformSummary };

export interface OverviewFilter {
  state?: PlatformState;
  text?: string;
}

export function matches(p: PlatformSummary, f: OverviewFilter): boolean {
  if (f.state && p.state !== f.state) return false;
  const text = f.text?.trim().toLowerCase();
  return !text || p.name.toLowerCase().includes(text) || p.regionName.toLowerCase().includes(text) || p.key.toLowerCase().includes(text);
}

/**
 * Flattens the fleet into the rows of one windowed list: a heading per level, and below the
 * provincial level a heading per province (a county heading per platform would say nothing).
 */
export function groupRows(platforms: readonly PlatformSummary[]): ListItem[] {
  const rows: ListItem[] = [];
  for (const level of REGION_LEVELS) {
    const ofLevel = platforms.filter((p) => p.level === level).sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh-CN'));
    if (ofLevel.length === 0) continue;
    rows.push({ kind: 'level', key: `level-${level}`, level, count: ofLevel.length });
    const perProvince = new Map<string, number>();
    for (const p of ofLevel) perProvince.set(provinceCodeOf(p.regionCode), (perProvince.get(provinceCodeOf(p.regionCode)) ?? 0) + 1);
    let province: string | null = null;
    for (const platform of ofLevel) {
      const code = provinceCodeOf(platform.regionCode);
      if ((level === 'prefectural' || level === 'county') && code !== province) {
        province = code;
        rows.push({ kind: 'region', key: `region-${level}-${code}`, regionCode: code, count: perProvince.get(code) ?? 0 });
      }
      rows.push({ kind: 'platform', key: `p-${platform.id}`, platform });
    }
  }
  return rows;
}
