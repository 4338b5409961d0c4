import fc from 'fast-check';
import type { Core } from '../../src/main/core/core';
import type { Viewer } from '../../src/main/core/directory/viewer';
import type { WorkflowAction } from '../../src/main/core/directory/service';
import { testCore } from './core';
import { sampleContent } from './directory';
import { creditCode } from './sync-data';

/**
 * The multi-console fuzzer (#8): for one seed, three consoles of one district make random offline
 * edits, workflow steps and syncs in a random order against a real hub; conflicts are resolved at
 * random; then everyone syncs until nothing is pending. Used by test/integration/sync-fuzz.test.ts
 * (fixed seeds) and the bench (suite sync, many seeds).
 */
export const DISTRICTS = ['420102', '420103', '420104', '420105', '420106', '420107', '420111', '420112', '420113', '420114', '420115', '420116', '420117'];
export const CONSOLES = 3;

type Console = Core & { dataDir: string };
type Op =
  | { kind: 'create'; on: number }
  | { kind: 'edit'; on: number; pick: number; field: 'name' | 'summary' | 'internalUnit' }
  | { kind: 'act'; on: number; pick: number; action: WorkflowAction }
  | { kind: 'sync'; on: number; keepMine: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), on: fc.nat(CONSOLES - 1) }),
  fc.record({ kind: fc.constant('edit' as const), on: fc.nat(CONSOLES - 1), pick: fc.nat(20), field: fc.constantFrom('name' as const, 'summary' as const, 'internalUnit' as const) }),
  fc.record({ kind: fc.constant('act' as const), on: fc.nat(CONSOLES - 1), pick: fc.nat(20), action: fc.constantFrom<WorkflowAction>('submit', 'approve', 'return', 'revise') }),
  fc.record({ kind: fc.constant('sync' as const), on: fc.nat(CONSOLES - 1), keepMine: fc.boolean() }),
);

function consoleOf(token: string, hubUrl: string): Console {
  let secret: string | null = token;
  const c = testCore({ syncSecrets: { read: () => secret, write: (s) => (secret = s) } });
  c.sync.configure(hubUrl, undefined);
  return c;
}

function snapshot(c: Console, region: string): Record<string, unknown> {
  const codes = c.db.prepare('SELECT resource_code FROM directory_entries WHERE region_code = ? ORDER BY resource_code').pluck().all(region) as string[];
  return Object.fromEntries(codes.map((code) => [code, c.sync.records.read('entry', code)!.body]));
}

async function syncAndSettle(c: Console, keepMine: boolean): Promise<void> {
  await c.sync.run('科员');
  for (const conflict of c.sync.conflicts()) c.sync.resolve(conflict.kind, conflict.key, keepMine ? 'mine' : 'theirs');
}

/** Everyone syncs (with `settle`) until nothing is pending anywhere and a full round pulls nothing new. */
export async function quiesce<C extends Pick<Core, 'sync'>>(consoles: C[], settle: (c: C) => Promise<void>): Promise<void> {
  for (let round = 0; round < 8; round++) {
    let pulled = 0;
    for (const c of consoles) {
      await settle(c);
      pulled += c.sync.log(1)[0]!.pulled;
    }
    const pending = consoles.reduce((n, c) => n + c.sync.status().pendingChanges + c.sync.status().conflicts, 0);
    if (pending === 0 && pulled === 0 && round > 0) return;
  }
}

/** One seed's run; answers the consoles' final snapshots and the pulling checker's. */
export async function fuzzOnce(hubUrl: string, tokens: string[], checkerToken: string, region: string, seed: number, opsPerRun = 40): Promise<{ views: Array<Record<string, unknown>>; checker: Record<string, unknown>; created: number }> {
  const ops = fc.sample(fc.array(opArb, { minLength: opsPerRun, maxLength: opsPerRun }), { seed, numRuns: 1 })[0]!;
  const consoles = tokens.map((t) => consoleOf(t, hubUrl));
  const official: Viewer = { id: 10, displayName: '科员', regionScope: region, roles: ['official'] };
  const reviewer: Viewer = { id: 20, displayName: '审核员', regionScope: region, roles: ['reviewer'] };
  const dept = consoles[0]!.directory.departments.create({ regionCode: region, name: `区数据局${seed}`, creditCode: creditCode(region, seed), parentId: null, contact: '' }, new Date().toISOString());
  await consoles[0]!.sync.run('科员');
  for (const c of consoles.slice(1)) await c.sync.run('科员');
  let created = 0;
  for (const [i, op] of ops.entries()) {
    const c = consoles[op.on]!;
    const ids = c.db.prepare('SELECT id FROM directory_entries WHERE region_code = ? ORDER BY id').pluck().all(region) as number[];
    const deptId = c.db.prepare('SELECT id FROM departments WHERE credit_code = ?').pluck().get(dept.creditCode) as number;
    try {
      if (op.kind === 'create') {
        // Each console its own classification: offline consoles of one region would otherwise pick the same code (see the issue note).
        c.directory.create(official, region, sampleContent(deptId, { classification: `10${op.on + 1}001`, name: `条目-${seed}-${i}` }));
        created++;
      } else if (op.kind === 'edit' && ids.length > 0) {
        const id = ids[op.pick % ids.length]!;
        const d = c.directory.detail(official, id);
        if (d.actions.includes('edit')) c.directory.update(official, id, d.revision, { ...d.content, [op.field]: `${op.field}-${seed}-${i}` });
      } else if (op.kind === 'act' && ids.length > 0) {
        const id = ids[op.pick % ids.length]!;
        const who = op.action === 'approve' || op.action === 'return' ? reviewer : official;
        const d = c.directory.detail(who, id);
        if (d.actions.includes(op.action)) c.directory.act(who, id, d.revision, op.action, op.action === 'return' ? '请补充' : '');
      } else if (op.kind === 'sync') await syncAndSettle(c, op.keepMine);
    } catch (e) {
      // A refused step (e.g. a stale revision) is part of the game; anything else is a failure.
      if (!['CONFLICT', 'FORBIDDEN', 'INVALID_INPUT'].includes((e as { code?: string }).code ?? '')) throw e;
    }
  }
  await quiesce(consoles, (c) => syncAndSettle(c, false));
  const checker = consoleOf(checkerToken, hubUrl);
  await checker.sync.run('核对');
  const result = { views: consoles.map((c) => snapshot(c, region)), checker: snapshot(checker, region), created };
  for (const c of [...consoles, checker]) await c.close();
  return result;
}

