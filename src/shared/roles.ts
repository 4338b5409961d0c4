/**
 * Roles and what they may do (identity issue; MLPS least privilege). A user may hold several
 * roles; permissions are the union. Supervisors read everything in scope and change nothing.
 */
export const ROLES = ['official', 'reviewer', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Read reference data and one's own account. Every signed-in user has it. */
  'read',
  /** Read users, security settings and the audit trail of one's scope. */
  'users.read',
  'audit.read',
  /** Create, change, disable and reset accounts in one's scope; change security settings. */
  'users.manage',
  'settings.manage',
  /** Compile the directory of one's own region: departments, drafts, submissions, revisions, withdrawals. */
  'directory.edit',
  /** Approve or return the submissions of one's own region (the same-level authority). */
  'directory.review',
  /** Register and change monitored platforms, their maintenance windows; acknowledge incidents. */
  'platforms.manage',
  /** Act for a department of one's region: file and answer sharing requests, raise and answer cases. */
  'sharing.act',
  /** Handle objections and disputes for one's authority: accept, assign, decide; assign demands. */
  'cases.handle',
  /** Read the compliance dashboards of one's scope and export their reports. */
  'dashboard.read',
  /** Start a sync with the hub now (it sends only what was already done here; supervisors change nothing). */
  'sync.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  official: ['read', 'directory.edit', 'sharing.act', 'sync.run'],
  reviewer: ['read', 'directory.review', 'cases.handle', 'sync.run'],
  supervisor: ['read', 'users.read', 'audit.read', 'dashboard.read'],
  administrator: ['read', 'users.read', 'audit.read', 'users.manage', 'settings.manage', 'platforms.manage', 'dashboard.read', 'sync.run'],
};

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const p of GRANTS[role as Role] ?? []) granted.add(p);
  return granted;
}

export function hasPermission(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}

