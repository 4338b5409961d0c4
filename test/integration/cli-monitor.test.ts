import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFleet } from '../fleet/fleet';
import { DAC_BIN, tempDataDir } from '../support/paths';

function dac(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [DAC_BIN, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('dac monitor run', () => {
  it('probes a registry headless and prints states and incidents', async () => {
    const fleet = await startFleet({ count: 4, probe: { intervalS: 1, timeoutMs: 300, failThreshold: 2, jitterPct: 0 } });
    try {
      fleet.setMode([fleet.platforms[1]!.key], 'wrong-status');
      const registry = join(tempDataDir(), 'fleet.json');
      writeFileSync(registry, JSON.stringify(fleet.registry()));
      const result = await dac(['monitor', 'run', '--registry', registry, '--duration', '4s', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as { counts: Record<string, number>; incidents: Array<{ cause: string; platformName: string }> };
      expect(out.counts).toMatchObject({ up: 3, down: 1 });
      expect(out.incidents).toMatchObject([{ cause: 'status', platformName: fleet.platforms[1]!.name }]);
      const table = await dac(['monitor', 'run', '--registry', registry, '--duration', '2s']);
      expect(table.stdout).toContain('国家政务数据共享交换平台');
    } finally {
      await fleet.close();
    }
  });

  it('refuses a registry with problems and says which rows', async () => {
    const registry = join(tempDataDir(), 'bad.json');
    writeFileSync(registry, JSON.stringify({ format: 'dac-platform-registry', version: 1, platforms: [{ key: 'a', name: '平台甲', regionCode: '4201', endpoints: { health: 'http://127.0.0.1:9/' } }] }));
    const result = await dac(['monitor', 'run', '--registry', registry, '--duration', '1s']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/row 1 regionCode/);
    expect((await dac(['monitor', 'run', '--registry', registry, '--duration', 'soon'])).code).toBe(2);
  });
});
