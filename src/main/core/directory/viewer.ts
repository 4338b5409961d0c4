/**
 * Who may see and do what in the directory (issues #4, #5): a published entry is the shared
 * catalogue, visible read-only to every signed-in user (a department must find what it can request
 * from any region); drafts, submissions and returns only from the owning region itself (its
 * officials and same-level reviewers) and to supervisors above it. Officials
 * edit their own region's entries; reviewers of the same region approve or return them.
 */
import type { SessionUser } from '../../../shared/contract';
import { isWithinRegion } from '../../../shared/regions';
import { hasPermission } from '../../../shared/roles';

export interface Viewer {
  id: number;
  displayName: string;
  regionScope: string;
  roles: string[];
}

export const viewerOf = (user: SessionUser): Viewer => ({ id: user.id, displayName: user.displayName, regionScope: user.regionScope, roles: user.roles });

/** Supervisors read everything in their scope, the working copies included. */
export const seesAllStates = (v: Viewer) => v.roles.includes('supervisor');

export function seesWorkingCopy(v: Viewer, entryRegion: string): boolean {
  return entryRegion === v.regionScope || (seesAllStates(v) && isWithinRegion(entryRegion, v.regionScope));
}

export function canSee(v: Viewer, entry: { region_code: string; published: number }): boolean {
  return seesWorkingCopy(v, entry.region_code) || entry.published === 1;
}

export const canEdit = (v: Viewer, entryRegion: string) => entryRegion === v.regionScope && hasPermission(v.roles, 'directory.edit');
export const canReview = (v: Viewer, entryRegion: string) => entryRegion === v.regionScope && hasPermission(v.roles, 'directory.review');
