import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAC_BIN, tempDataDir } from '../support/paths';

function dac(args: string[]) {
  const result = spawnSync(process.execPath, [DAC_BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dac generate and dac directory', () => {
  it('generates deterministically, searches, exports a region and imports it elsewhere; a bad file imports nothing', () => {
    const dir = tempDataDir();
    const generated = dac(['generate', '--entries', '2000', '--seed', '11', '--data-dir', dir, '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ entries: 2000, seed: 11 });
    const twin = tempDataDir();
    dac(['generate', '--entries', '2000', '--seed', '11', '--data-dir', twin]);
    const search = (d: string) => JSON.parse(dac(['directory', 'search', '信息', '--limit', '50', '--data-dir', d, '--json']).stdout) as { rows: Array<{ resourceCode: string; name: string }>; total: number };
    expect(search(dir).rows.length).toBe(50);
    const same = (d: string) => search(d).rows.map((r) => `${r.resourceCode} ${r.name}`);
    expect(same(twin)).toEqual(same(dir));

    const out = join(tempDataDir(), '湖北.csv');
    const exported = dac(['directory', 'export', '--region', '420000', '--format', 'csv', '--out', out, '--data-dir', dir]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toContain('资源代码,资源名称');
    expect(lines.slice(1).every((l) => /,42\d{4},/.test(l))).toBe(true);

    const target = tempDataDir();
    const imported = dac(['directory', 'import', out, '--region', '420100', '--data-dir', target, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: lines.length - 1, imported: lines.length - 1, totalIssues: 0 });

    const bad = join(tempDataDir(), 'bad.csv');
    writeFileSync(bad, readFileSync(out, 'utf8').replace(/无条件共享/, '随便共享'));
    const refused = dac(['directory', 'import', bad, '--region', '420100', '--data-dir', tempDataDir()]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('随便共享');
    expect(refused.stdout).toContain('0 imported');
    expect(dac(['directory', 'import', bad, '--data-dir', target]).code).toBe(2);
  });
});
