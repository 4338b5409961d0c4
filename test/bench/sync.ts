/**
 * Suite `sync` (issue #8), against a real hub process on loopback (PGlite by default; PostgreSQL
 * when BENCH_DATABASE_URL is set): the multi-console fuzzer runs many seeds, then a national
 * console with N sample entries pushes them all (push_mutations_per_s) and a fresh national
 * console pulls them all (initial_pull_s, and its apply rate against a bare insert of the same
 * bodies).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { entryView, sameValue, type RecordBody } from '../../src/shared/sync';
import { entrySearchText } from '../../src/main/core/directory/search-text';
import { loadSampleDirectory } from '../../src/main/core/directory/sample-loader';
import { DISTRICTS, fuzzOnce } from '../support/sync-fuzz';
import { fuzzSharingAcrossChild, fuzzSharingOnce, sharingRegions } from '../support/sync-fuzz-sharing';
import { testCore } from '../support/core';
import { issueTokens, startHub, type HubBackend } from '../support/hub';
import { CHECKPOINT_THREAD, tempDataDir } from '../support/paths';
import { searchIndexAlone, searchOnce } from './directory';
import { percentile, round, waitsMeanwhile, type Metric } from './metrics';


function nationalConsole(token: string) {
  let secret: string | null = token;
  return testCore({ syncSecrets: { read: () => secret, write: (s) => (secret = s) }, checkpoints: CHECKPOINT_THREAD });
}

export async function syncSuite(entries: number, log: (line: string) => void): Promise<Metric[]> {
  const seeds = Number(process.env.SYNC_FUZZ_SEEDS ?? 30);
  const backend: HubBackend = { kind: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite', dataDir: tempDataDir(), databaseUrl: process.env.BENCH_DATABASE_URL };
  const [sender, receiver] = issueTokens(backend, '000000', ['bench-sender', 'bench-receiver']);
  const fuzzTokens = Array.from({ length: seeds }, (_, n) => {
    const region = DISTRICTS[n % DISTRICTS.length]!;
    const t = issueTokens(backend, region, [`fz-${n}-0`, `fz-${n}-1`, `fz-${n}-2`, `fz-${n}-c`]);
    return { region, consoles: t.slice(0, 3), checker: t[3]! };
  });
  // The sharing fuzzer's consoles: one pair of districts and their city for every seed.
  const regions = sharingRegions(0);
  const named = (suffix: string) => Array.from({ length: seeds }, (_, n) => `sh-${n}-${suffix}`);
  const ps = issueTokens(backend, regions.provider, [...named('p0'), ...named('p1')]);
  const rs = issueTokens(backend, regions.requester, named('r'));
  const ws = issueTokens(backend, regions.city, [...named('w'), ...named('c')]);
  // The same across a child hub of the provider district (one new child a seed).
  const tierHubs = issueTokens(backend, regions.provider, named('tier-hub'), true);
  const tierRs = issueTokens(backend, regions.requester, named('tier-r'));
  const tierWs = issueTokens(backend, regions.city, [...named('tier-w'), ...named('tier-c')]);
  const hub = await startHub(backend);
  log(`hub on ${backend.kind} at ${hub.url}`);
  const metrics: Metric[] = [];
  try {
    // The fuzzer first, on a hub holding only its own records: it measures convergence, and its
    // consoles (which pull every department as reference data) do not pull the big directory's.
    let converged = 0;
    for (const [n, t] of fuzzTokens.entries()) {
      const { views, checker } = await fuzzOnce(hub.url, t.consoles, t.checker, t.region, 1_000 + n);
      // Equal as the test's toEqual means it: key order is not content.
      const same = views.every((v) => sameValue(v, checker));
      if (same) converged++;
      else log(`fuzz seed ${1_000 + n} did NOT converge`);
    }
    metrics.push({ name: 'sync.fuzz_seeds_converged', value: converged, unit: `of ${seeds} seeds (3 consoles, 40 random steps each)` });
    let sound = 0;
    for (let n = 0; n < seeds; n++) {
      const tokens = { P0: ps[n]!, P1: ps[seeds + n]!, R: rs[n]!, W: ws[n]!, checker: ws[seeds + n]! };
      const { filed, arrived, problems } = await fuzzSharingOnce(hub.url, tokens, 0, 2_000 + n);
      if (problems.length === 0 && sameValue(filed, arrived)) sound++;
      else log(`sharing fuzz seed ${2_000 + n}: ${[...problems, `filed ${JSON.stringify(filed)}, arrived ${JSON.stringify(arrived)}`].slice(0, 5).join('; ')}`);
    }
    metrics.push({ name: 'sync.fuzz_sharing_seeds_converged', value: sound, unit: `of ${seeds} seeds (requests, demands and cases: 4 consoles of 3 regions, 60 random steps each)` });
    let tiered = 0;
    let races = 0;
    for (let n = 0; n < seeds; n++) {
      const tokens = { R: tierRs[n]!, W: tierWs[n]!, checker: tierWs[seeds + n]! };
      const { filed, arrived, problems, parentRaces } = await fuzzSharingAcrossChild(hub.url, tierHubs[n]!, tokens, 3_000 + n);
      races += parentRaces;
      if (problems.length === 0 && sameValue(filed, arrived)) tiered++;
      else log(`two-tier sharing fuzz seed ${3_000 + n}: ${[...problems, `filed ${JSON.stringify(filed)}, arrived ${JSON.stringify(arrived)}`].slice(0, 5).join('; ')}`);
    }
    metrics.push({ name: 'sync.fuzz_tiered_seeds_converged', value: tiered, unit: `of ${seeds} seeds (the same with the provider's 2 consoles behind a child hub; ${races} steps lost races at the parent)` });

    const source = nationalConsole(sender!);
    source.sync.configure(hub.url, undefined);
    loadSampleDirectory(source.db, entries, 21, new Date().toISOString());
    const records = source.sync.journal.pendingCount().dirty;
    const sent = await source.sync.run('bench');
    // The fuzzer's entries hold the first codes of some classifications: the sample's entries under
    // those codes are re-coded and sent again in the same run (reason 'recoded'); anything else fails.
    const refused = sent.rejected.filter((r) => r.reason !== 'recoded');
    if (sent.outcome !== 'ok' || refused.length > 0) throw new Error(`push failed: ${sent.outcome} ${sent.message} ${JSON.stringify(refused.slice(0, 3))}`);
    if (sent.rejected.length > 0) log(`${sent.rejected.length} sample entries took new codes (the fuzzer's consoles held theirs)`);
    const pushSeconds = sent.pushMs / 1000;
    log(`pushed ${sent.pushed} mutations (${records} records) in ${round(pushSeconds, 1)} s (sealing included), then pulled their ${sent.pulled} echoes in ${round(sent.pullMs / 1000, 1)} s`);
    metrics.push({ name: 'sync.push_mutations_per_s', value: round(sent.pushed / pushSeconds, 0), unit: `mutations/s (${sent.pushed} in one run, batches of 1,000, ${backend.kind})` });

    const fresh = nationalConsole(receiver!);
    fresh.sync.configure(hub.url, undefined);
    let started = Date.now();
    const pulling = fresh.sync.run('bench');
    // An official searching the directory meanwhile: pages are applied on the core's thread.
    const waits = await waitsMeanwhile(pulling, (i) => searchOnce(fresh, i));
    const got = await pulling;
    const pullSeconds = (Date.now() - started) / 1000;
    if (got.outcome !== 'ok') throw new Error(`pull failed: ${got.outcome} ${got.message}`);
    log(`pulled ${got.pulled} records in ${round(pullSeconds, 1)} s`);
    metrics.push({ name: `sync.initial_pull_s_${entries >= 1_000_000 ? '1m' : entries}`, value: round(pullSeconds, 1), unit: `s (${got.pulled} records: ${entries} entries and their departments)` });
    metrics.push({ name: 'sync.search_during_pull_p95_ms', value: round(percentile(waits, 95)), unit: 'ms (a search every 100 ms while the first pull runs)' });
    metrics.push({ name: 'sync.search_during_pull_max_ms', value: round(percentile(waits, 100)), unit: 'ms' });

    // The same bodies written with a bare prepared INSERT in one transaction: the floor for applying them.
    const bodies = source.db.prepare("SELECT key, body FROM sync_base WHERE kind = 'entry' ORDER BY key").all() as Array<{ key: string; body: string }>;
    const bare = new Database(join(tempDataDir(), 'bare.sqlite'));
    bare.pragma('journal_mode = WAL');
    bare.exec('CREATE TABLE r (key TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID');
    const insert = bare.prepare('INSERT INTO r VALUES (?, ?)');
    started = Date.now();
    bare.transaction(() => {
      for (const b of bodies) insert.run(b.key, b.body);
    })();
    const bareSeconds = (Date.now() - started) / 1000;
    // Their search rows alone: with the bare insert, the least a first pull that leaves the
    // entries searchable must write (no versions, listing, bases, parsing or network).
    const providers = new Map(source.db.prepare('SELECT credit_code, name FROM departments').raw().all() as Array<[string, string]>);
    const texts = bodies.map((b) => {
      const view = entryView(JSON.parse(b.body) as RecordBody);
      return entrySearchText(view.content, providers.get(view.provider) ?? '', b.key);
    });
    const indexSeconds = searchIndexAlone(bare, texts, fresh.db);
    bare.close();
    metrics.push({ name: 'sync.pull_ratio_vs_raw_insert', value: round(bareSeconds / pullSeconds, 3), unit: `apply rate ÷ bare insert rate (bare ${round(bareSeconds, 2)} s for ${bodies.length} bodies)` });
    metrics.push({ name: `sync.initial_pull_floor_s_${entries >= 1_000_000 ? '1m' : entries}`, value: round(bareSeconds + indexSeconds, 1), unit: `s: the bodies bare (${round(bareSeconds, 1)} s) and their search rows alone (${round(indexSeconds, 1)} s), no first pull can be faster here` });
    await source.close();
    await fresh.close();

  } finally {
    await hub.stop();
  }
  return metrics;
}
