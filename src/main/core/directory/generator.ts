/**
 * Deterministic sample directories (`dac generate`): departments named as each level names them,
 * entries drawn from realistic vocabularies, a realistic mix of attributes and states. The same
 * regions, count and seed always give the same output, so demos, tests and benchmarks agree.
 */
import { creditCodeCheckChar, organisationCodeCheckChar } from '../../../shared/credit-code';
import { CLASS_DIGIT, resourceCode, type EntryContent, type EntryStatus, type SharingAttribute } from '../../../shared/directory';
import type { RegionLevel } from '../../../shared/regions';
import { DEPARTMENT_KINDS, NATIONAL_MINISTRIES, type DepartmentKind } from './vocabulary';

export interface SampleRegion {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface SampleDepartment {
  key: string;
  regionCode: string;
  kind: string;
  name: string;
  creditCode: string;
  /** The same kind of department one level up. */
  parentKey: string | null;
}

export interface SampleEntry {
  departmentKey: string;
  regionCode: string;
  resourceCode: string;
  status: EntryStatus;
  content: Omit<EntryContent, 'departmentId'>;
}

/** mulberry32: small, fast, and the same on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUS_MIX: Array<[EntryStatus, number]> = [['published', 0.62], ['draft', 0.14], ['submitted', 0.1], ['returned', 0.07], ['withdrawn', 0.07]];
const SHARING_MIX: Array<[SharingAttribute, number]> = [['unconditional', 0.45], ['conditional', 0.45], ['not-shared', 0.1]];
const VARIANTS = ['（历史数据）', '（按月汇总）', '（增量）', '（统计口径）', '（电子证照）'];
const LEVEL_INDEX: Record<RegionLevel, number> = { national: -1, provincial: 0, prefectural: 1, county: 2 };

function pick<T>(random: () => number, mix: Array<[T, number]>): T {
  let r = random();
  for (const [value, weight] of mix) if ((r -= weight) < 0) return value;
  return mix[mix.length - 1]![0];
}

function departmentName(kind: DepartmentKind, region: SampleRegion): string {
  if (region.level === 'national') return NATIONAL_MINISTRIES[kind.key]!;
  const suffix = kind.suffix[LEVEL_INDEX[region.level]]!;
  // County-level health bodies are 卫生健康局; a municipality's are 卫生健康委员会 like a province's.
  return `${region.name}${kind.stem}${suffix}`;
}

/** A government agency's code: registration authority 1 (编制), type 1 (机关), region, organisation code. */
function agencyCreditCode(regionCode: string, serial: number, random: () => number): string {
  // A permutation of the serial (48271 is prime to 10^8), so no two departments share a code.
  return agencyCreditCodeOf(regionCode, (serial * 48271 + Math.floor(random() * 1000)) % 100_000_000);
}

export function agencyCreditCodeOf(regionCode: string, organisation: number): string {
  const org8 = String(organisation % 100_000_000).padStart(8, '0');
  const first17 = `11${regionCode}${org8}${organisationCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

export interface SampleSink {
  /** Called once per department, parents before children, before any entry names it. */
  department(d: SampleDepartment): void;
  entry(e: SampleEntry): void;
}

/** All of a sample in memory (tests and small demos); large runs stream through streamDirectory. */
export function generateDirectory(regions: readonly SampleRegion[], entryCount: number, seed: number): { departments: SampleDepartment[]; entries: SampleEntry[] } {
  const departments: SampleDepartment[] = [];
  const entries: SampleEntry[] = [];
  streamDirectory(regions, entryCount, seed, { department: (d) => departments.push(d), entry: (e) => entries.push(e) });
  return { departments, entries };
}

export function streamDirectory(regions: readonly SampleRegion[], entryCount: number, seed: number, sink: SampleSink): void {
  const random = prng(seed);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const departments = new Map<string, SampleDepartment>();
  const sequences = new Map<string, number>();

  // Where entries are compiled: every level, most of them in prefectures and counties.
  const weighted = regions.map((r) => ({ region: r, weight: r.level === 'national' ? 40 : r.level === 'provincial' ? 12 : r.level === 'prefectural' ? 4 : 1 }));
  const total = weighted.reduce((sum, w) => sum + w.weight, 0);
  const pickRegion = () => {
    let r = random() * total;
    for (const w of weighted) if ((r -= w.weight) < 0) return w.region;
    return weighted[weighted.length - 1]!.region;
  };

  const department = (kind: DepartmentKind, region: SampleRegion): SampleDepartment => {
    const key = `${region.code}:${kind.key}`;
    const existing = departments.get(key);
    if (existing) return existing;
    const parentRegion = region.level === 'national' ? null : byCode.get(region.level === 'provincial' ? '000000' : region.level === 'prefectural' ? `${region.code.slice(0, 2)}0000` : `${region.code.slice(0, 4)}00`) ?? byCode.get(`${region.code.slice(0, 2)}0000`);
    const created: SampleDepartment = {
      key,
      regionCode: region.code,
      kind: kind.key,
      name: departmentName(kind, region),
      creditCode: agencyCreditCode(region.code, departments.size * 1000, random),
      parentKey: parentRegion ? department(kind, parentRegion).key : null,
    };
    departments.set(key, created);
    sink.department(created);
    return created;
  };

  for (let i = 0; i < entryCount; i++) {
    const region = pickRegion();
    const kind = DEPARTMENT_KINDS[Math.floor(random() * DEPARTMENT_KINDS.length)]!;
    const template = kind.resources[Math.floor(random() * kind.resources.length)]!;
    const dept = department(kind, region);
    const classification = `${CLASS_DIGIT[template.resourceClass]}${template.item}${template.category}`;
    const sequence = (sequences.get(classification) ?? 0) + 1;
    sequences.set(classification, sequence);
    const sharing = pick(random, SHARING_MIX);
    const restricted = sharing === 'unconditional' ? 'conditional' : 'not-shared';
    sink.entry({
      departmentKey: dept.key,
      regionCode: region.code,
      resourceCode: resourceCode(classification, sequence),
      status: pick(random, STATUS_MIX),
      content: {
        name: random() < 0.3 ? `${template.name}${VARIANTS[Math.floor(random() * VARIANTS.length)]}` : template.name,
        summary: `${region.name}${template.summary}`,
        classification,
        internalUnit: ['办公室', '信息中心', '数据管理处', '政务服务科'][Math.floor(random() * 4)]!,
        format: random() < 0.7 ? 'database' : random() < 0.5 ? 'api' : 'file',
        fileFormat: '',
        sharing,
        sharingConditions: sharing === 'conditional' ? '仅限履行法定职责需要，按申请核准的信息项使用' : '',
        legalBasis: sharing === 'unconditional' ? '' : kind.laws[Math.floor(random() * kind.laws.length)]!,
        sharingMethod: random() < 0.75 ? 'platform-api' : random() < 0.6 ? 'database-exchange' : 'file',
        open: sharing === 'unconditional' && random() < 0.3 ? 'open' : 'not-open',
        openConditions: '',
        updateCycle: template.cycle,
        releaseDate: `2025-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
        relatedCodes: [],
        items: template.items.map((item) => ({
          name: item.name,
          type: item.type,
          length: item.length,
          description: '',
          sharing: item.sensitive ? restricted : sharing,
        })),
        mounts: random() < 0.8 ? [{ name: `${template.name}库表`, kind: 'table', locator: `db://${region.code}/${kind.key}/${classification}`, lastUpdated: '2026-10-31' }] : [],
      },
    });
  }
}
