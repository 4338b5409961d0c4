import type { Db } from '../connection';
import { m001Regions } from './m001-regions';
import { m002Users } from './m002-users';
import { m003IdentityAudit } from './m003-identity-audit';
import { m004Directory } from './m004-directory';
import { m005Connectivity } from './m005-connectivity';
import { m006Calendar } from './m006-calendar';
import { m007Sharing } from './m007-sharing';
import { m008Dashboard } from './m008-dashboard';
import { m009WorkTallies } from './m009-work-tallies';
import { m010Sync } from './m010-sync';
import { m011SyncNotes } from './m011-sync-notes';
import { m012MonitoringSync } from './m012-monitoring-sync';
import { m013PlatformDeletion } from './m013-platform-deletion';
import { m014RequestSync } from './m014-request-sync';
import { m015CaseSync } from './m015-case-sync';
import { m016EvidenceSync } from './m016-evidence-sync';
import { m017DemandSync } from './m017-demand-sync';
import { m018SyncBaseRows } from './m018-sync-base-rows';
import { m019StuckChanges } from './m019-stuck-changes';

export interface Migration {
  version: number;
  name: string;
  /** `progress`: rows done of the rows to do, for a migration that copies a large table (the start-up screen shows it). */
  up(db: Db, progress?: (done: number, total: number) => void): void;
}

/** Ordered; never edit a migration that has shipped, add a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Regions, m002Users, m003IdentityAudit, m004Directory, m005Connectivity, m006Calendar, m007Sharing, m008Dashboard, m009WorkTallies, m010Sync, m011SyncNotes, m012MonitoringSync, m013PlatformDeletion, m014RequestSync, m015CaseSync, m016EvidenceSync, m017DemandSync, m018SyncBaseRows, m019StuckChanges];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
