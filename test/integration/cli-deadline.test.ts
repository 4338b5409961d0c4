import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCore } from '../support/core';
import { DAC_BIN, ROOT, tempDataDir } from '../support/paths';

function dac(args: string[]) {
  const result = spawnSync(process.execPath, [DAC_BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dac deadline', () => {
  it('counts on the official calendar, the filing day not counted', () => {
    const dir = tempDataDir();
    const r = dac(['deadline', '--from', '2025-09-30', '--working-days', '1', '--data-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2025-10-09  (1 working day after 2025-09-30, official calendar)\n');
    expect(dac(['deadline', '--from', '2026-02-13', '--working-days', '10', '--data-dir', dir]).stdout).toMatch(/^2026-03-05 {2}\(10 working days/);
    expect(dac(['help']).stdout).toContain('dac deadline --from YYYY-MM-DD --working-days N');
  });

  it('says a deadline counted into an unpublished year is provisional, and stops once the year is loaded', async () => {
    const dir = tempDataDir();
    const args = ['deadline', '--from', '2026-12-25', '--working-days', '10', '--data-dir', dir];
    const before = dac(args);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^2027-01-08 {2}PROVISIONAL \(10 working days after 2026-12-25; no official schedule for 2027, counted weekends-only/);
    expect(JSON.parse(dac([...args, '--json']).stdout)).toEqual({ from: '2026-12-25', workingDays: 10, due: '2027-01-08', provisional: true, missingYears: [2027] });

    // An administrator loads 2027 in the console; the command reads the same data directory.
    const core = testCore({ dataDir: dir });
    const loaded = await core.dispatch(core.operatorSession('it-staff'), 'calendar.load', { text: readFileSync(join(ROOT, 'test/fixtures/holiday-schedule-2027.json'), 'utf8') });
    expect(loaded.ok).toBe(true);
    await core.close();

    expect(JSON.parse(dac([...args, '--json']).stdout)).toEqual({ from: '2026-12-25', workingDays: 10, due: '2027-01-11', provisional: false, missingYears: [] });
    expect(dac(args).stdout).toBe('2027-01-11  (10 working days after 2026-12-25, official calendar)\n');
  });

  it.each([
    [['--working-days', '3'], /--from YYYY-MM-DD is required/],
    [['--from', '2026-02-30', '--working-days', '3'], /--from: not a date \(YYYY-MM-DD\): 2026-02-30/],
    [['--from', '2026/02/03', '--working-days', '3'], /--from: not a date/],
    [['--from', '2026-02-03'], /--working-days N is required/],
    [['--from', '2026-02-03', '--working-days=-1'], /--working-days: a whole number from 0 to 3660, not -1/],
    [['--from', '2026-02-03', '--working-days', '-1'], /--working-days' argument is ambiguous/],
    [['--from', '2026-02-03', '--working-days', 'ten'], /not ten/],
    [['--from', '2026-02-03', '--working-days', '1.5'], /not 1\.5/],
    [['--from', '2026-02-03', '--working-days', '3661'], /not 3661/],
  ])('refuses %j as a usage error (exit 2)', (args, message) => {
    const r = dac(['deadline', ...args, '--data-dir', tempDataDir()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('dac help');
  });
});
