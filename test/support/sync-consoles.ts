/**
 * Consoles of the sync tests that file and answer cases and requests across regions: a console
 * holding its hub token in memory, and a published entry of a region's department.
 */
import type { Core } from '../../src/main/core/core';
import { testCore } from './core';
import { sampleContent } from './directory';

export type SyncConsole = Core & { dataDir: string };

export function consoleOf(token: string): SyncConsole {
  let secret: string | null = token;
  return testCore({ syncSecrets: { read: () => secret, write: (s) => (secret = s) } });
}

/** Registers the department on `c` and publishes an entry of it there (drafted by one official, approved by another); its resource code. */
export function publishEntry(c: SyncConsole, region: string, department: { name: string; creditCode: string }, entryName: string, at: string): string {
  const provider = c.directory.departments.create({ regionCode: region, name: department.name, creditCode: department.creditCode, parentId: null, contact: '' }, at).id;
  const clerk = { id: 1, displayName: '江岸科员', regionScope: region, roles: ['official'] };
  const reviewer = { id: 2, displayName: '江岸审核', regionScope: region, roles: ['reviewer'] };
  const draft = c.directory.create(clerk, region, sampleContent(provider, { name: entryName }));
  const submitted = c.directory.act(clerk, draft.id, draft.revision, 'submit', '');
  return c.directory.act(reviewer, submitted.id, submitted.revision, 'approve', '').resourceCode;
}
