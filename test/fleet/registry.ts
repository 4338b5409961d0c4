/**
 * Who the fleet's platforms are: the national hub, then one platform per province, prefecture and
 * county of the real GB/T 2260 hierarchy the console ships (src/main/core/regions/dataset.ts), each
 * linked to the platform of its parent region, as the cascade runs in the national system.
 */
import { regionRows, type RegionRow } from '../../src/main/core/regions/dataset';
import {
  REGISTRY_FORMAT,
  probeSettingsSchema,
  type PlatformRecord,
  type ProbeSettingsInput,
  type RegistryFile,
} from '../../src/shared/connectivity';

export interface PlatformIdentity {
  index: number;
  key: string;
  name: string;
  owner: string;
  regionCode: string;
  parentKey: string | null;
}

/** Taiwan, Hong Kong and Macao run no platform in the national data-sharing system. */
const WITHOUT_PLATFORM = new Set(['71', '81', '82']);

const keyOf = (code: string, round: number) => (round === 0 ? `plat-${code}` : `plat-${code}-${round + 1}`);

/**
 * The first `count` platforms in level order. Beyond the ~3,600 regions (large benchmark fleets)
 * the list goes round again: a second node of each region, linked to the same parent platform.
 */
export function platformIdentities(count: number): PlatformIdentity[] {
  const order: Record<RegionRow['level'], number> = { national: 0, provincial: 1, prefectural: 2, county: 3 };
  const rows = regionRows()
    .filter((r) => !WITHOUT_PLATFORM.has(r.code.slice(0, 2)))
    .sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code));
  const result: PlatformIdentity[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / rows.length);
    const row = rows[i % rows.length]!;
    const national = row.parentCode === null;
    // The parent region's own platform is in the list before its children (level order).
    const parentKey = national ? (round === 0 ? null : keyOf(row.code, 0)) : keyOf(row.parentCode!, 0);
    result.push({
      index: i,
      key: keyOf(row.code, round),
      name: `${national ? '国家' : row.name}政务数据共享交换平台${round === 0 ? '' : `（节点${round + 1}）`}`,
      owner: national ? '国家数据局' : `${row.name}数据管理局`,
      regionCode: row.code,
      parentKey,
    });
  }
  return result;
}

export interface RegistryPlatform extends PlatformIdentity {
  host: string;
  port: number;
  secure: boolean;
}

/** The registry in the console's import format (RegistryFile), one record per platform. */
export function fleetRegistry(platforms: RegistryPlatform[], probe: ProbeSettingsInput = {}): RegistryFile {
  const plain = probeSettingsSchema.parse(probe);
  const secure = probeSettingsSchema.parse({ ...probe, tlsVerify: false });
  return {
    format: REGISTRY_FORMAT,
    version: 1,
    platforms: platforms.map((p): PlatformRecord => {
      const origin = `${p.secure ? 'https' : 'http'}://${p.host}:${p.port}`;
      return {
        key: p.key,
        name: p.name,
        regionCode: p.regionCode,
        owner: p.owner,
        contact: '',
        parentKey: p.parentKey,
        endpoints: { health: `${origin}/health`, gateway: `${origin}/`, exchange: `${p.host}:${p.port}` },
        probe: p.secure ? secure : plain,
        maintenance: [],
      };
    }),
  };
}
