import fc from 'fast-check';
import type { SessionUser } from '../../src/shared/contract';
import { REFUSAL_REASONS, REQUEST_ACTIONS, REQUEST_ACTOR, requestInputSchema, requestTransition, type CaseStage, type RequestAction } from '../../src/shared/sharing';
import { sameValue } from '../../src/shared/sync';
import { EVENT_FIELD } from '../../src/shared/sync-timeline';
import { startChildHub, type ChildHub } from './child-hub';
import { tempDataDir } from './paths';
import { consoleOf, publishEntry, type SyncConsole } from './sync-consoles';
import { creditCode } from './sync-data';
import { quiesce } from './sync-fuzz';
import { caseOpArb, caseTimelineProblem, cityReviewers, takeCaseOp, type CaseOp } from './sync-fuzz-cases';

/**
 * The multi-console fuzzer for sharing requests, demands and cases (#8): for one seed, two consoles
 * of a provider district (P0, P1), one of a sibling requester district (R) and the city's above both
 * (W) file, answer, assign, raise, handle and sync in a random order against a real hub, offline
 * between their syncs; then everyone syncs until nothing is pending. Requests, demands and cases
 * never conflict (their
 * steps are judged by the workflow at the hub): a step that lost a race is refused as an illegal
 * transition, and any other refusal, conflict or unexpected error is a problem found. The answer
 * (`SharingFuzzResult`) holds every console's final records, a fresh city console's, and what the
 * checks below found. Used by test/integration/sync-fuzz-sharing.test.ts (fixed seeds)
 * and the bench (suite sync).
 */
export const SHARING_CONSOLES = ['P0', 'P1', 'R', 'W'] as const;
type Name = (typeof SHARING_CONSOLES)[number];
/** Provider and requester districts of one seed: two sibling districts of Wuhan, by the seed. */
const DISTRICT_PAIRS = [['420102', '420103'], ['420104', '420105'], ['420106', '420107'], ['420111', '420112'], ['420113', '420114'], ['420115', '420116']] as const;
export const sharingRegions = (n: number) => ({ provider: DISTRICT_PAIRS[n % DISTRICT_PAIRS.length]![0], requester: DISTRICT_PAIRS[n % DISTRICT_PAIRS.length]![1], city: '420100' });

type Op =
  | { kind: 'file'; on: 'R' | 'W'; pick: number }
  | { kind: 'act'; on: Name; pick: number; action: RequestAction }
  | { kind: 'demand'; on: 'R' | 'W' }
  | { kind: 'assign'; on: 'R' | 'W'; pick: number; to: number }
  | { kind: 'answer'; on: 'P0' | 'P1' | 'W'; pick: number; fulfil: boolean }
  | { kind: 'sync'; on: Name }
  | CaseOp;

const anyConsole = fc.constantFrom<Name>(...SHARING_CONSOLES);
const requesterSide = fc.constantFrom<'R' | 'W'>('R', 'W');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('file' as const), on: requesterSide, pick: fc.nat(10) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('act' as const), on: anyConsole, pick: fc.nat(10), action: fc.constantFrom(...REQUEST_ACTIONS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('demand' as const), on: requesterSide }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), on: requesterSide, pick: fc.nat(10), to: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('answer' as const), on: fc.constantFrom<'P0' | 'P1' | 'W'>('P0', 'P1', 'W'), pick: fc.nat(10), fulfil: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), on: anyConsole }) },
  { weight: 5, arbitrary: caseOpArb },
);

const SIDES: Record<Name, Array<'provider' | 'requester'>> = { P0: ['provider'], P1: ['provider'], R: ['requester'], W: ['provider', 'requester'] };

const person = (regionScope: string, displayName: string): SessionUser => ({ id: 1, username: displayName, displayName, roles: ['official', 'reviewer'], regionScope, mustChangePassword: false, departmentId: null });

type Kind = 'request' | 'demand' | 'case';
const KINDS = ['request', 'demand', 'case'] as const;
type Records = Record<string, Record<string, unknown>>;
export interface SharingFuzzResult {
  /** Each console's requests (provider region), demands and cases (requester region) by key, and the fresh city console's. */
  views: Record<Name, Record<Kind, Records>>;
  checker: Record<Kind, Records>;
  filed: Record<Kind, number>;
  /** Steps taken on the consoles after filing (request actions, assignments, answers, case steps). */
  steps: number;
  /** Of those, case steps; and how many of this run's cases ended past "raised". */
  caseSteps: number;
  casesMoved: number;
  /** Of those the fresh console holds, how many this run filed (by its requester official's name). */
  arrived: Record<Kind, number>;
  /** Steps of the child hub's consoles the parent refused as lost races (two tiers only); of those, case steps. */
  parentRaces: number;
  parentCaseRaces: number;
  withdrawnBelow: number;
  /** Broken rules: an illegal timeline, an acknowledged step gone, a console holding what it should not or missing what it should. */
  problems: string[];
}

/** The events of a record's body, by key. */
const eventsOf = (body: Record<string, unknown>) => Object.entries(body).filter(([k]) => k.startsWith(EVENT_FIELD)).map(([k, v]) => ({ key: k, ...(v as { kind: string; actor: string | null }) }));
const counts = (kinds: string[]) => kinds.reduce<Record<string, number>>((n, k) => ({ ...n, [k]: (n[k] ?? 0) + 1 }), {});
const sameCounts = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** The steps a request in `status` has taken: one path through the workflow leads to each status. */
const REQUEST_PATHS: Record<string, string[][]> = {
  filed: [['filed']],
  approved: [['filed', 'approve']],
  refused: [['filed', 'refuse']],
  delivered: [['filed', 'approve', 'deliver']],
  confirmed: [['filed', 'approve', 'deliver', 'confirm']],
  withdrawn: [['filed', 'withdraw'], ['filed', 'approve', 'withdraw']],
};

/** Why a record's timeline cannot have led to its status, or null. */
export function timelineProblem(kind: Kind, body: Record<string, unknown>): string | null {
  const kinds = eventsOf(body).map((e) => e.kind);
  if (kind === 'case') return caseTimelineProblem(eventsOf(body), body.stage as CaseStage, String(body.tier));
  const status = body.status as string;
  const have = counts(kinds);
  if (kind === 'request') return (REQUEST_PATHS[status] ?? []).some((p) => sameCounts(counts(p), have)) ? null : `request ${status} after ${kinds.join(',')}`;
  const answers = kinds.filter((k) => k === 'fulfilled' || k === 'declined');
  const assigned = have.assigned ?? 0;
  const ok =
    have.filed === 1 &&
    (status === 'open' ? kinds.length === 1 : status === 'assigned' ? assigned >= 1 && answers.length === 0 : assigned >= 1 && answers.length === 1 && answers[0] === status) &&
    (status !== 'fulfilled' || typeof body.entry === 'string') &&
    // The answer counted is the assignee's (a department the demand was taken from answers no more).
    eventsOf(body).every((e) => (e.kind !== 'fulfilled' && e.kind !== 'declined') || (e as { data?: { department?: string } }).data?.department === body.assignee);
  return ok ? null : `demand ${status} after ${kinds.join(',')}`;
}

/**
 * Hubs in two tiers: the consoles `below` sync with a child hub of the provider district, the
 * others (and the fresh checker) with its parent; the child's runs with the parent come between
 * the steps at random (by the seed) and at every settling.
 */
export interface SharingTiers {
  urls: Record<Name | 'checker', string>;
  below: Name[];
  child: Pick<ChildHub, 'sync' | 'acknowledged'>;
}

const CHILD_RUN_ODDS = Number(process.env.CHILD_RUN_ODDS ?? 15);

export async function fuzzSharingOnce(hub: string | SharingTiers, tokens: Record<Name | 'checker', string>, n: number, seed: number, opsPerRun = 60): Promise<SharingFuzzResult> {
  const ops = fc.sample(fc.array(opArb, { minLength: opsPerRun, maxLength: opsPerRun }), { seed, numRuns: 1 })[0]!;
  // Drawn apart from the steps, so a seed takes the same steps in one tier or two. Rare enough that
  // steps below and above meet at the parent (one run in CHILD_RUN_ODDS + 1 steps).
  const childRuns = fc.sample(fc.array(fc.nat(CHILD_RUN_ODDS), { minLength: opsPerRun, maxLength: opsPerRun }), { seed: seed + 1, numRuns: 1 })[0]!;
  const tiers = typeof hub === 'string' ? null : hub;
  const urlOf = (name: Name | 'checker') => (tiers ? tiers.urls[name] : (hub as string));
  const { provider, requester } = sharingRegions(n);
  const c = Object.fromEntries(SHARING_CONSOLES.map((name) => [name, consoleOf(tokens[name])])) as Record<Name, SyncConsole>;
  for (const name of SHARING_CONSOLES) c[name].sync.configure(urlOf(name), undefined);
  const problems: string[] = [];
  const at = new Date().toISOString();
  // The events the hub holds of each record, as seen by a console with nothing pending just after
  // its sync: none of them may be missing at the end.
  const acknowledged = new Map<string, Set<string>>();
  const acknowledge = (kind: string, key: string, body: Record<string, unknown>) => {
    const seen = acknowledged.get(`${kind}:${key}`) ?? new Set<string>();
    for (const e of eventsOf(body)) seen.add(e.key);
    acknowledged.set(`${kind}:${key}`, seen);
  };
  // The child's run with the parent: a step the parent refused as an illegal transition, the record
  // changed up there since the child last pulled it, lost a race (the child gives way,
  // docs/sync-protocol.md); anything else is a problem found. What the parent took is
  // acknowledged: a step the child alone took is not yet (the parent may refuse it).
  let parentRaces = 0;
  /** Steps of the child's consoles whose pull told them the parent had refused them, of the records that lost races up there. */
  let withdrawnBelow = 0;
  const racedAbove = new Set<string>();
  let parentCaseRaces = 0;
  const childRun = async () => {
    if (!tiers) return;
    const versions = async () => new Map((await tiers.child.acknowledged()).map((r) => [`${r.kind} ${r.key}`, r.version]));
    const before = await versions();
    const { error, refusals } = await tiers.child.sync();
    const after = await versions();
    if (error) problems.push(`child hub: ${error}`);
    for (const line of refusals) {
      // A race only if the parent's version of the record moved since the child last pulled it.
      const refused = / illegal-transition: (request|case|demand) (\S+?):? /.exec(line);
      const id = refused ? `${refused[1]} ${refused[2]}` : null;
      if (id === null || before.get(id) === after.get(id)) problems.push(`child hub: ${line}`);
      else {
        racedAbove.add(id);
        parentRaces++;
        if (refused![1] === 'case') parentCaseRaces++;
      }
    }
    for (const r of await tiers.child.acknowledged()) acknowledge(r.kind, r.key, r.body);
  };
  const providerOfficial = person(provider, `提供方${seed}`);
  const requesterOfficial = person(requester, `需求方${seed}`);
  // The provider district: two departments, each with a published entry (on P0); the requesting
  // district's department (on R).
  const police = { name: `公安分局${seed}`, creditCode: creditCode(provider, seed * 10 + 1) };
  const civil = { name: `民政局${seed}`, creditCode: creditCode(provider, seed * 10 + 2) };
  const stats = { name: `统计局${seed}`, creditCode: creditCode(requester, seed * 10 + 3) };
  publishEntry(c.P0, provider, police, `常住人口基础信息${seed}`, at);
  publishEntry(c.P0, provider, civil, `婚姻登记信息${seed}`, at);
  c.R.directory.departments.create({ regionCode: requester, name: stats.name, creditCode: stats.creditCode, parentId: null, contact: '' }, at);
  // A child hub set up from its parent first, as deployed: its consoles number entries after the parent's.
  await childRun();
  for (const name of ['P0', 'R', 'P1', 'W', 'R'] as const) {
    if (name === 'R') await childRun();
    await c[name].sync.run('科员');
  }

  const idOf = (x: SyncConsole, table: string, column: string, value: string) => x.db.prepare(`SELECT id FROM ${table} WHERE ${column} = ?`).pluck().get(value) as number | undefined;
  // This seed's requests and demands (seeds may share districts): those of its requesting department.
  const seedIds = (x: SyncConsole, table: 'sharing_requests' | 'demands', statuses: string[] | null = null) =>
    x.db
      .prepare(`SELECT t.id FROM ${table} t JOIN departments d ON d.id = t.requester_department_id WHERE d.credit_code = @code AND (@statuses IS NULL OR t.status IN (SELECT value FROM json_each(@statuses))) ORDER BY t.id`)
      .pluck()
      .all({ code: stats.creditCode, statuses: statuses && JSON.stringify(statuses) }) as number[];
  const requestIds = (x: SyncConsole) => seedIds(x, 'sharing_requests');
  const caseIds = (x: SyncConsole) => x.db.prepare('SELECT c.id FROM cases c JOIN departments d ON d.id = c.raiser_department_id WHERE d.credit_code = ? ORDER BY c.id').pluck().all(stats.creditCode) as number[];
  const entryIds = (x: SyncConsole) => x.db.prepare("SELECT e.id FROM directory_entries e JOIN departments d ON d.id = e.department_id WHERE e.region_code = ? AND d.credit_code IN (?, ?) AND e.status = 'published' ORDER BY e.id").pluck().all(provider, police.creditCode, civil.creditCode) as number[];
  const pick = <T>(list: T[], k: number) => (list.length > 0 ? list[k % list.length] : undefined);

  const snapshot = (x: SyncConsole) => {
    const read = (kind: Kind, sql: string, region: string) =>
      Object.fromEntries((x.db.prepare(sql).pluck().all(region) as string[]).map((key) => [key, x.sync.records.read(kind, key)!.body as Record<string, unknown>]));
    return {
      request: read('request', 'SELECT sync_key FROM sharing_requests WHERE provider_region = ? AND sync_key IS NOT NULL', provider),
      demand: read('demand', 'SELECT sync_key FROM demands WHERE requester_region = ? AND sync_key IS NOT NULL', requester),
      case: read('case', 'SELECT sync_key FROM cases WHERE raiser_region = ? AND sync_key IS NOT NULL', requester),
    };
  };
  const sync = async (name: Name) => {
    const x = c[name];
    const versions = () => new Map((x.db.prepare('SELECT kind, key, version FROM sync_base').all() as Array<{ kind: string; key: string; version: number }>).map((b) => [`${b.kind}:${b.key}`, b.version]));
    const before = versions();
    const report = await x.sync.run('科员');
    if (report.outcome !== 'ok') problems.push(`${name}: sync ${report.outcome}: ${report.message}`);
    const after = versions();
    for (const r of report.rejected) {
      // A step refused as illegal lost a race only if another console changed the record at the hub
      // after this console's copy: the same version before and after the run means it did not.
      const lostRace = r.reason === 'illegal-transition' && before.get(`${r.kind}:${r.key}`) !== after.get(`${r.kind}:${r.key}`);
      // Behind the child hub: a step the child took and the parent refused (a race lost up there), told on the pull.
      const lostAbove = r.reason === 'refused-above' && tiers?.below.includes(name) === true && racedAbove.has(`${r.kind} ${r.key}`);
      if (lostAbove) withdrawnBelow++;
      if (!lostRace && !lostAbove) problems.push(`${name}: ${r.kind} ${r.key} refused ${r.reason}: ${r.message} ${JSON.stringify(r.patch).slice(0, 300)}`);
    }
    for (const conflict of x.sync.conflicts()) problems.push(`${name}: ${conflict.kind} ${conflict.key} in conflict`);
    const status = x.sync.status();
    if (status.pendingChanges > 0 || status.conflicts > 0 || tiers?.below.includes(name)) return;
    const now = snapshot(x);
    for (const kind of KINDS) for (const [key, body] of Object.entries(now[kind])) acknowledge(kind, key, body);
  };

  // Cases: raised on R by its official (not the same person as the city's reviewers), answered by
  // the provider district's official, handled by the city's reviewers on W. One from the start, so
  // that steps are taken on every console.
  const cast = { raiser: { ...requesterOfficial, id: 9_001 }, respondent: { ...providerOfficial, id: 9_002 }, reviewers: cityReviewers(c.W, sharingRegions(n).city, seed) };
  const caseIdsOf = (x: SyncConsole) => ({
    respondents: [police, civil].map((d) => idOf(x, 'departments', 'credit_code', d.creditCode)).filter((id) => id !== undefined),
    raiserDepartment: idOf(x, 'departments', 'credit_code', stats.creditCode),
    cases: caseIds(x),
  });
  if (takeCaseOp(c.R, { kind: 'raise', on: 'R', pick: seed }, cast, caseIdsOf(c.R)) !== 'raised') problems.push(`R could not raise the first case ${JSON.stringify(caseIdsOf(c.R))}`);
  for (const name of ['R', 'W', 'P0', 'P1'] as const) {
    await c[name].sync.run('科员');
    await childRun();
  }
  const filed = { request: 0, demand: 0, case: 1 };
  let steps = 0;
  let caseSteps = 0;
  // Each op looks at the console's own copy first and takes only a step that copy allows, as the
  // screens offer it: any error thrown here is a failure. The copy may be stale: the hub judges.
  for (const [i, op] of ops.entries()) {
    if (childRuns[i] === 0) await childRun();
    const x = c[op.on];
    if (op.kind === 'file') {
      const entry = pick(entryIds(x), op.pick);
      const department = idOf(x, 'departments', 'credit_code', stats.creditCode);
      if (entry === undefined || department === undefined) continue;
      x.sharing.requests.file(requesterOfficial, requestInputSchema.parse({ entryId: entry, departmentId: department, purpose: '人口统计核对', dutyBasis: '《中华人民共和国统计法》第七条', scopeOfUse: '统计核对', durationMonths: 12, method: 'api' }));
      filed.request++;
    } else if (op.kind === 'act') {
      const id = pick(requestIds(x), op.pick);
      if (id === undefined) continue;
      // The action drawn if this console's copy allows it, else one it allows.
      const d = x.sharing.requests.detail(providerOfficial, id);
      // Only the sides this console's region holds: its users are officials of its region or below.
      const allowed = REQUEST_ACTIONS.filter((a) => requestTransition(d.status, a) !== null && SIDES[op.on].includes(REQUEST_ACTOR[a]));
      const action = allowed.includes(op.action) ? op.action : pick(allowed, op.pick);
      if (!action) continue;
      const who = REQUEST_ACTOR[action] === 'requester' ? requesterOfficial : providerOfficial;
      const extra = action === 'refuse' ? { reason: REFUSAL_REASONS[1], explanation: '本部门不掌握该数据' } : {};
      x.sharing.requests.act(who, id, d.revision, { action, conditions: '', explanation: '', note: '', ...extra });
      steps++;
    } else if (op.kind === 'demand') {
      const department = idOf(x, 'departments', 'credit_code', stats.creditCode);
      if (department === undefined) continue;
      x.sharing.demands.file(requesterOfficial, department, `数据需求${seed}-${filed.demand}`, '目录中没有所需数据，用于统计核对。');
      filed.demand++;
    } else if (op.kind === 'assign') {
      const id = pick(seedIds(x, 'demands', ['open', 'assigned']), op.pick);
      const department = idOf(x, 'departments', 'credit_code', (op.to === 0 ? police : civil).creditCode);
      if (id === undefined || department === undefined) continue;
      x.sharing.demands.assign(requesterOfficial, id, department, '请答复');
      steps++;
    } else if (op.kind === 'answer') {
      const id = pick(seedIds(x, 'demands', ['assigned']), op.pick);
      if (id === undefined) continue;
      const assignee = x.db.prepare('SELECT assigned_department_id FROM demands WHERE id = ?').pluck().get(id) as number | null;
      const entry = x.db.prepare("SELECT id FROM directory_entries WHERE department_id = ? AND status = 'published'").pluck().get(assignee ?? 0) as number | undefined;
      if (op.fulfil && entry !== undefined) x.sharing.demands.answer(providerOfficial, id, 'fulfilled', entry, '已在目录中发布');
      else x.sharing.demands.answer(providerOfficial, id, 'declined', null, '本部门不掌握该数据');
      steps++;
    } else if (op.kind === 'raise' || op.kind === 'case-step') {
      const done = takeCaseOp(x, op, cast, caseIdsOf(x));
      if (done === 'raised') filed.case++;
      if (done === 'step') {
        steps++;
        caseSteps++;
      }
    } else await sync(op.on);
  }
  await quiesce(SHARING_CONSOLES.map((name) => c[name]), async (x) => {
    await childRun();
    await sync(SHARING_CONSOLES.find((name) => c[name] === x)!);
    await childRun();
  });
  const fresh = consoleOf(tokens.checker);
  fresh.sync.configure(urlOf('checker'), undefined);
  await fresh.sync.run('核对');
  const checker = snapshot(fresh);
  const views = Object.fromEntries(SHARING_CONSOLES.map((name) => [name, snapshot(c[name])])) as SharingFuzzResult['views'];
  for (const kind of KINDS) {
    for (const [key, body] of Object.entries(checker[kind])) {
      const wrong = timelineProblem(kind, body);
      if (wrong) problems.push(`${kind} ${key}: ${wrong}`);
    }
    for (const [id, seen] of acknowledged) {
      const [k, key] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
      if (k !== kind) continue;
      const final = checker[kind][key];
      const missing = [...seen].filter((e) => !final || !(e in final));
      if (missing.length > 0) problems.push(`${kind} ${key}: acknowledged ${missing.join(', ')} missing at the end`);
    }
  }
  // Every console holds what the fresh one pulled; the provider district's consoles hold a demand
  // once it was assigned there.
  for (const name of SHARING_CONSOLES) {
    for (const kind of KINDS) {
      for (const [key, body] of Object.entries(views[name][kind])) if (!sameValue(body, checker[kind][key])) problems.push(`${kind} ${key} differs on ${name}`);
      if (kind !== 'demand' || name === 'R' || name === 'W') for (const key of Object.keys(checker[kind])) if (!(key in views[name][kind])) problems.push(`${kind} ${key} missing on ${name}`);
    }
  }
  for (const name of ['P0', 'P1'] as const) {
    for (const [key, body] of Object.entries(checker.demand)) {
      const held = key in views[name].demand;
      if (!held && body.status !== 'open') problems.push(`demand ${key} (${String(body.status)}) missing on ${name}`);
      if (held && body.status === 'open') problems.push(`demand ${key} (open) held on ${name}`);
    }
  }
  for (const x of [...Object.values(c), fresh]) await x.close();
  const ours = (records: Records) => Object.values(records).filter((b) => eventsOf(b).some((e) => e.kind === 'filed' && e.actor === requesterOfficial.displayName)).length;
  const raisedByUs = (records: Records) => Object.values(records).filter((b) => eventsOf(b).some((e) => e.kind === 'raised' && e.actor === requesterOfficial.displayName));
  const casesMoved = raisedByUs(checker.case).filter((b) => b.stage !== 'raised').length;
  return { views, checker, filed, steps, caseSteps, casesMoved, arrived: { request: ours(checker.request), demand: ours(checker.demand), case: raisedByUs(checker.case).length }, parentRaces, parentCaseRaces, withdrawnBelow, problems };
}

/**
 * One seed across two tiers: a new child hub of the provider district (set up from the parent
 * first) for P0 and P1, R, W and the checker at the parent (`tokens`, issued there).
 */
export async function fuzzSharingAcrossChild(parentUrl: string, hubToken: string, tokens: Record<'R' | 'W' | 'checker', string>, seed: number, opsPerRun = 60): Promise<SharingFuzzResult> {
  const { provider } = sharingRegions(0);
  const child = await startChildHub(tempDataDir(), parentUrl, hubToken, provider);
  try {
    const below = { P0: await child.issueToken(`tier-${seed}-p0`, provider), P1: await child.issueToken(`tier-${seed}-p1`, provider) };
    const urls = { P0: child.url, P1: child.url, R: parentUrl, W: parentUrl, checker: parentUrl };
    return await fuzzSharingOnce({ urls, below: ['P0', 'P1'], child }, { ...tokens, ...below }, 0, seed, opsPerRun);
  } finally {
    await child.stop();
  }
}
