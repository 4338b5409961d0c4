import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { CONSOLES, DISTRICTS, fuzzOnce } from '../support/sync-fuzz';

/**
 * The multi-console fuzzer on fixed seeds (#8): afterwards every console, and a fresh console that
 * only pulls, hold the same records, and every entry created anywhere is everywhere. The bench
 * (suite sync) runs many more seeds (SYNC_FUZZ_SEEDS).
 */
const FUZZ_SEEDS = [11, 23, 37, 41, 59];

describe('multi-console sync fuzzer (fixed seeds)', () => {
  const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir() };
  let hub: RunningHub;
  const tokens: Record<number, { consoles: string[]; checker: string; region: string }> = {};

  beforeAll(async () => {
    FUZZ_SEEDS.forEach((seed, n) => {
      const region = DISTRICTS[n % DISTRICTS.length]!;
      const issued = issueTokens(backend, region, [...Array.from({ length: CONSOLES }, (_, k) => `fuzz-${seed}-${k}`), `fuzz-${seed}-checker`]);
      tokens[seed] = { consoles: issued.slice(0, CONSOLES), checker: issued[CONSOLES]!, region };
    });
    hub = await startHub(backend);
  }, 120_000);

  afterAll(() => hub?.stop());

  it.each(FUZZ_SEEDS)('seed %i: every console and a fresh one converge on the same records', async (seed) => {
    const t = tokens[seed]!;
    const { views, checker, created } = await fuzzOnce(hub.url, t.consoles, t.checker, t.region, seed);
    for (const view of views) expect(view).toEqual(checker);
    expect(Object.keys(checker)).toHaveLength(created);
  }, 180_000);
});
