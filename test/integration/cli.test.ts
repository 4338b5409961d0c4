import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../src/main/core/db/connection';
import { databaseFile } from '../../src/main/core/data-dir';
import { LATEST_SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { STRONG_PASSWORD } from '../support/core';
import { DAC_BIN, tempDataDir } from '../support/paths';

function dac(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [DAC_BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function passwordFile(password: string): string {
  const file = join(tempDataDir('dac-pw-'), 'password');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return file;
}

describe('dac command', () => {
  it('prints help and exits 0', () => {
    const r = dac(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dac init');
    expect(r.stdout).toContain('dac regions list');
  });

  it('initialises a data directory non-interactively with the first administrator', () => {
    const dir = tempDataDir();
    const r = dac(['init', '--data-dir', dir, '--admin-user', 'admin', '--admin-password-file', passwordFile(STRONG_PASSWORD), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ dataDir: dir, schemaVersion: LATEST_SCHEMA_VERSION, regions: 3653, migrated: { from: 0, to: LATEST_SCHEMA_VERSION, backupFile: null }, administrator: 'admin' });
    const again = dac(['init', '--data-dir', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`schema version ${LATEST_SCHEMA_VERSION}`);
  });

  it('refuses a second administrator and a weak password, on stderr with exit 1', () => {
    const dir = tempDataDir();
    expect(dac(['init', '--data-dir', dir, '--admin-user', 'admin', '--admin-password-file', passwordFile(STRONG_PASSWORD)]).code).toBe(0);
    const second = dac(['init', '--data-dir', dir, '--admin-user', 'other', '--admin-password-file', passwordFile(STRONG_PASSWORD)]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/CONFLICT: the administrator already exists/);
    const weak = dac(['init', '--data-dir', tempDataDir(), '--admin-user', 'admin', '--admin-password-file', passwordFile('123456')]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/INVALID_INPUT.*\n\s+password: too-short/);
  });

  it('reads the data directory from DAC_DATA_DIR and lists regions, in Chinese, as a table or JSON', () => {
    const dir = tempDataDir();
    const table = dac(['regions', 'list', '--parent', '420000'], { DAC_DATA_DIR: dir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^CODE\s+NAME\s+LEVEL\s+CHILDREN$/m);
    expect(table.stdout).toMatch(/^429004\s+仙桃市\s+county\s*$/m);
    const json = JSON.parse(dac(['regions', 'list', '--data-dir', dir, '--json']).stdout) as Array<{ code: string }>;
    expect(json).toHaveLength(34);
    expect(json[0]).toEqual({ code: '110000', name: '北京市', level: 'provincial', parentCode: '000000', hasChildren: true });
  });

  it('reports bad input on stderr with a non-zero exit', () => {
    const dir = tempDataDir();
    const unknown = dac(['regions', 'list', '--parent', '999999', '--data-dir', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND: no region with code 999999/);
    const malformed = dac(['regions', 'list', '--parent', 'hubei', '--data-dir', dir]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/INVALID_INPUT[\s\S]*code: expected a six-digit region code/);
    expect(dac(['regions', 'delete']).code).toBe(2);
    expect(dac(['init', '--no-such-flag']).code).toBe(2);
    expect(dac(['init', '--admin-user', 'x', '--data-dir', dir]).stderr).toContain('go together');
  });

  it('refuses a database from a newer version without touching it', () => {
    const dir = tempDataDir();
    const db = openConnection(databaseFile(dir));
    db.pragma('user_version = 99');
    db.close();
    const r = dac(['regions', 'list', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/schema version 99.*newer version of the console/s);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
