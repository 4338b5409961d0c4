import { describe, expect, it } from 'vitest';
import { buildChains } from '../../../src/renderer/pages/connectivity/hierarchy/chains';
import type { PlatformSummary } from '../../../src/shared/connectivity';

const platform = (id: number, parentId: number | null, state: PlatformSummary['state'] = 'up', upstreamOk: boolean | null = true): PlatformSummary => ({
  id, key: `p${id}`, name: `平台${id}`, regionCode: String(100000 + id), regionName: '', level: parentId === null ? 'national' : 'provincial', parentId, monitoredBy: null, state,
  since: null, lastCheckedAt: null, lastLatencyMs: null, lastCause: null, heartbeat: '', uptime24h: null, certExpiresAt: null, certWarning: false, upstreamOk, openIncidentId: null,
});

describe('cascade chains', () => {
  it('marks a down platform\'s link broken and everything beneath it cut off from the hub', () => {
    const { roots, broken, cutOff } = buildChains([platform(1, null), platform(2, 1, 'down'), platform(3, 2), platform(4, 3), platform(5, 1)]);
    expect(broken).toBe(1);
    expect(cutOff).toBe(2);
    const province = roots[0]!.children.find((c) => c.platform.id === 2)!;
    expect(province).toMatchObject({ linkBroken: true, cutOff: false, troubled: true });
    expect(province.children[0]!).toMatchObject({ cutOff: true, linkBroken: false });
    expect(roots[0]!.children.find((c) => c.platform.id === 5)).toMatchObject({ troubled: false });
  });

  it('treats a platform reporting its upstream link broken like a down one, and keeps an unknown parent\'s child as an orphan root', () => {
    const { roots, broken } = buildChains([platform(1, null), platform(2, 1, 'up', false), platform(9, 77)]);
    expect(broken).toBe(1);
    expect(roots.map((r) => [r.platform.id, r.orphan])).toEqual([[1, false], [9, true]]);
  });

  it('does not loop on a registry whose links form a cycle', () => {
    const { roots } = buildChains([platform(1, 2), platform(2, 1)]);
    expect(roots).toEqual([]);
  });
});
