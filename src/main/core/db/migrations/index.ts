import type { Db } from '../connection';
import { m001Regions } from './m001-regions';
import { m002Users } from './m002-users';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Ordered; never edit a migration that has shipped, add a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Regions, m002Users];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
