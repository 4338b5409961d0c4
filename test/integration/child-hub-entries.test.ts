/**
 * Entries numbered apart on two tiers (docs/sync-protocol.md, "Hub to parent hub"), with real
 * consoles: a district console behind a child hub and the city's console at the parent each
 * publish a new entry of their own region while the two hubs are apart, and both take the same
 * resource code (codes are one sequence per classification, for every region). The parent keeps
 * the city's; the child hub moves the district's to a free code; the district console withdraws
 * its copy under the old code and both consoles hold the district's entry, once, under the new one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Viewer } from '../../src/main/core/directory/viewer';
import { startChildHub, type ChildHub } from '../support/child-hub';
import { issueTokens, startHub, type HubBackend, type RunningHub } from '../support/hub';
import { tempDataDir } from '../support/paths';
import { consoleOf, type SyncConsole } from '../support/sync-consoles';
import { sampleContent } from '../support/directory';
import { creditCode } from '../support/sync-data';

const DISTRICT = '420102';
const CITY = '420100';
const backend: HubBackend = { kind: 'pglite', dataDir: tempDataDir() };
let parent: RunningHub;
let child: ChildHub;
let below: SyncConsole;
let above: SyncConsole;

beforeAll(async () => {
  const [hubToken] = issueTokens(backend, DISTRICT, ['江岸区枢纽'], true);
  const [cityToken] = issueTokens(backend, CITY, ['武汉市']);
  parent = await startHub(backend);
  child = await startChildHub(tempDataDir(), parent.url, hubToken!, DISTRICT);
  expect((await child.sync()).error).toBeNull();
  below = consoleOf(await child.issueToken('江岸区', DISTRICT));
  below.sync.configure(child.url, undefined);
  above = consoleOf(cityToken!);
  above.sync.configure(parent.url, undefined);
}, 120_000);

afterAll(async () => {
  await below?.close();
  await above?.close();
  await child?.stop();
  await parent?.stop();
});

/** Drafted by one official of `region`, approved by another, on `c`; its resource code. */
function publish(c: SyncConsole, region: string, department: number, name: string): string {
  const clerk: Viewer = { id: 1, displayName: '科员', regionScope: region, roles: ['official'] };
  const reviewer: Viewer = { id: 2, displayName: '审核', regionScope: region, roles: ['reviewer'] };
  const draft = c.directory.create(clerk, region, sampleContent(department, { name }));
  const submitted = c.directory.act(clerk, draft.id, draft.revision, 'submit', '');
  return c.directory.act(reviewer, submitted.id, submitted.revision, 'approve', '').resourceCode;
}
const entries = (c: SyncConsole, region: string) =>
  Object.fromEntries(
    (c.db.prepare('SELECT resource_code, name, status FROM directory_entries WHERE region_code = ? ORDER BY resource_code').all(region) as Array<{ resource_code: string; name: string; status: string }>).map((e) => [e.resource_code, `${e.name} ${e.status}`]),
  );

it('moves the district\'s entry to a free code when the city took the same one first, and both consoles agree', async () => {
  const at = new Date().toISOString();
  const cityDepartment = above.directory.departments.create({ regionCode: CITY, name: '武汉市民政局', creditCode: creditCode(CITY, 301), parentId: null, contact: '' }, at);
  const districtDepartment = below.directory.departments.create({ regionCode: DISTRICT, name: '江岸区民政局', creditCode: creditCode(DISTRICT, 301), parentId: null, contact: '' }, at);
  // Apart: each publishes an entry under the first code of the classification.
  const cityCode = publish(above, CITY, cityDepartment.id, '武汉市殡葬服务信息');
  const districtCode = publish(below, DISTRICT, districtDepartment.id, '江岸区婚姻登记信息');
  expect(districtCode).toBe(cityCode);
  expect((await above.sync.run('科员')).outcome).toBe('ok');
  // The child takes the district's (it knows no other); the parent refuses it: code-taken.
  expect(await below.sync.run('科员')).toMatchObject({ outcome: 'ok', rejected: [] });
  const run = await child.sync();
  expect(run.error).toBeNull();
  expect(run.refusals.join('\n')).toContain('code-taken');

  for (let round = 0; round < 2; round++) {
    for (const c of [below, above]) expect((await c.sync.run('科员')).outcome).toBe('ok');
    expect((await child.sync()).error).toBeNull();
  }
  const moved = Object.keys(entries(above, DISTRICT));
  expect(moved).toHaveLength(1);
  expect(moved[0]).not.toBe(cityCode);
  expect(entries(above, CITY)).toEqual({ [cityCode]: '武汉市殡葬服务信息 published' });
  expect(entries(above, DISTRICT)).toEqual({ [moved[0]!]: '江岸区婚姻登记信息 published' });
  // Below: the entry under its new code, and the old row withdrawn (the hub deleted it there).
  expect(entries(below, DISTRICT)).toEqual({ [cityCode]: '江岸区婚姻登记信息 withdrawn', [moved[0]!]: '江岸区婚姻登记信息 published' });
  for (const c of [below, above]) expect(c.sync.status()).toMatchObject({ pendingChanges: 0, conflicts: 0 });
});
